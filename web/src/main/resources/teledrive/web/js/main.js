// The driver's page: wires the connection, the controls, the inputs and the live view.
import { AccessPrompt } from './access.js';
import { CameraPicker } from './cameras.js';
import { Connection, RESUME_ID } from './connection.js';
import { Controls, idFor } from './controls.js';
import { DriveControl } from './drive.js';
import { fullscreenButton } from './fullscreen.js';
import { gamepad, keyboard } from './inputs.js';
import { Joystick } from './joystick.js';
import { speedLimit } from './limit.js';
import { Presence } from './presence.js';
import { Readout } from './readout.js';
import { Screen } from './screen.js';
import { Tickets } from './tickets.js';
import { Turns } from './turns.js';
import { VideoView } from './video.js';
import { LiveView } from './view.js';
import { contextOf, errorSentence } from './words.js';

const STATUS_TEXT = { connecting: 'connecting…', connected: 'connected', reconnecting: 'reconnecting…', offline: 'offline' };
// What the page sends that does not move the vehicle: never shown as "the last command".
const NOT_MOTION = new Set(['ping', 'auth', 'claim', 'release', 'select', 'ticket', 'resume', 'skip']);

function start() {
  const page = {
    connected: false, driver: false, selected: null, camera: null, last: null, hello: null,
    accessRequired: false, authenticated: false, watchOnly: false,
  };
  let connection;
  const byId = (id) => document.getElementById(id);
  const view = new LiveView(byId('arena'));
  const readout = new Readout(byId('readout'), byId('gauge'));
  const send = (message) => {
    const sent = connection.send(message);
    if (sent && !NOT_MOTION.has(message.command)) {
      readout.command(message);
    }
    return sent;
  };
  const joystickBox = byId('joystick');
  let joystick;
  const drive = new DriveControl({
    send,
    mayDrive: () => page.driver,
    onRefused: () => controls.say(!page.connected ? 'Not connected: wait until the server is back.'
      : errorSentence('not_driver', page.watchOnly ? 'claim' : '')),
    onMove: (input, value) => joystick.follow(input, value),
  });
  joystick = new Joystick(joystickBox, drive);
  const keys = keyboard(drive);
  const gamepadBadge = byId('gamepad');
  const pad = gamepad(drive, (name) => {
    gamepadBadge.hidden = !name;
    gamepadBadge.setAttribute('aria-label', name ? `Gamepad connected: ${name}` : '');
  });
  const limit = speedLimit(document.querySelector('.speed-limit'), drive);

  // Every way of losing the driver's attention, and every vehicle switch, lets go of every input
  // first: a key held on one vehicle never drives the next one.
  const letGo = () => {
    joystick.reset();
    keys.reset();
    pad.reset();
    drive.stop();
  };
  const controls = new Controls({
    send,
    onSelect: (vehicle) => {
      letGo();
      controls.say('');
      send({ command: 'select', vehicle, id: idFor('select') });
    },
  });
  const turns = new Turns(byId('turn'));
  const presence = new Presence(byId('presence'));
  const screen = new Screen(document.querySelector('.screen'));
  fullscreenButton(byId('fullscreen'));

  // Video needs a ticket where access control is on; a connection that needs none gets none.
  const tickets = new Tickets((message) => connection.send(message));
  const ticket = () => (page.accessRequired ? tickets.request() : Promise.resolve(null));
  const video = new VideoView({
    canvas: byId('video'),
    fps: document.querySelector('[data-testid="video-fps"]'),
    latency: document.querySelector('[data-testid="video-latency"]'),
    ticket,
    onShown: (shown) => screen.shown(shown),
  });
  const mayWatch = () => !page.accessRequired || page.authenticated;
  const watchCamera = () => video.watch(mayWatch() && page.connected ? page.camera : null);
  const cameras = new CameraPicker(byId('camera'), (camera) => {
    page.camera = camera;
    watchCamera();
  });

  const sayOnScreen = () => {
    const vehicle = page.last && (page.last.vehicles || []).find((v) => v.id === page.selected);
    screen.say(!page.connected ? 'The server cannot be reached right now; the page keeps trying.'
      : !mayWatch() ? 'Enter the code to see the vehicle.'
        : !page.selected ? 'No vehicle is here yet.'
          : page.camera ? 'Waiting for the picture…'
            : `${vehicle ? vehicle.name : 'This vehicle'} has no camera.`);
  };

  const show = (m) => {
    if (m.selected !== page.selected) {
      view.clear();
      readout.clear();
      controls.say('');
    }
    const role = m.role || (m.driver ? 'driver' : 'spectator');
    const wasDriver = page.driver;
    page.last = m;
    page.driver = role === 'driver';
    if (wasDriver && !page.driver) {
      letGo(); // the seat went (a turn ended): held inputs must not drive when it comes back
    }
    page.selected = m.selected;
    const vehicle = (m.vehicles || []).find((v) => v.id === m.selected);
    page.camera = cameras.choose(vehicle);
    watchCamera();
    controls.vehicles(m.vehicles || [], m.selected);
    controls.vocabulary(m.vocabulary, page.driver);
    controls.seat(role, vehicle, page.watchOnly);
    turns.update(role, m.queue, m.turnEndsAt);
    presence.update(m);
    joystick.enabled(page.driver);
    limit.shown(page.driver);
    // A vehicle without analog drive (only commands of its own) has no use for the joystick.
    joystickBox.classList.toggle('absent', !(m.vocabulary || []).some((c) => c.name === 'drive'));
    sayOnScreen();
  };

  const access = new AccessPrompt({
    send,
    onChange: (authenticated) => {
      page.authenticated = authenticated;
      document.body.classList.toggle('needs-code', !mayWatch());
      if (authenticated && page.hello) {
        connection.resume(page.hello);
      }
      watchCamera();
      sayOnScreen();
    },
  });

  const error = (m) => {
    if (tickets.answer(m) || access.error(m) || controls.refused(m)) {
      return;
    }
    const context = contextOf(m);
    if (context === 'claim' && m.code === 'not_driver') {
      page.watchOnly = true;
      if (page.last) {
        show(page.last);
      }
    }
    const sentence = errorSentence(m.code, context);
    if (sentence) {
      controls.say(sentence);
    }
  };

  const status = document.querySelector('[data-testid="status"]');
  const latency = document.querySelector('[data-testid="latency"]');
  connection = new Connection({
    onOpen: () => controls.say(''),
    onStatus: (state) => {
      status.textContent = STATUS_TEXT[state];
      status.className = 'status ' + state;
      page.connected = state === 'connected';
      if (!page.connected) {
        // Nobody drives from a page without a connection, and nothing it said still holds.
        tickets.dropAll();
        letGo();
        page.driver = false;
        controls.disconnected();
        controls.say('');
        joystick.enabled(false);
        limit.shown(false);
        turns.update('spectator', null, null);
        presence.clear();
        watchCamera();
        sayOnScreen();
      }
    },
    onLatency: (ms) => {
      latency.textContent = ms === null ? '–' : ms.toFixed(1);
    },
    onMessage: (m) => {
      switch (m.type) {
        case 'hello':
          page.hello = m;
          page.accessRequired = m.auth === 'required';
          page.authenticated = false;
          page.watchOnly = false;
          turns.settings(m.turns);
          show(m);
          access.hello(m);
          break;
        case 'state':
          show(m);
          break;
        case 'telemetry':
          if (m.vehicle === page.selected) {
            view.update(m);
            controls.telemetry(m);
            readout.update(m);
            screen.refresh();
          }
          break;
        case 'ticket':
          tickets.answer(m);
          break;
        case 'error':
          error(m);
          break;
        case 'ack':
          access.ack(m);
          if (m.id !== RESUME_ID) {
            controls.answered(m);
            controls.say('');
          }
          break;
        default:
          break; // a message of a newer server: nothing here depends on it
      }
    },
  });

  // Losing sight of the page is losing the driver: stop.
  window.addEventListener('blur', letGo);
  document.addEventListener('visibilitychange', () => {
    if (document.hidden) {
      letGo();
    }
  });

  connection.connect();
}

start();
