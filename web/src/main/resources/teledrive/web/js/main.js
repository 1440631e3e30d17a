// The driver's page: wires the connection, the controls, the inputs and the live view.
import { Connection } from './connection.js';
import { AccessPrompt } from './access.js';
import { Controls } from './controls.js';
import { DriveControl } from './drive.js';
import { gamepad, keyboard } from './inputs.js';
import { Joystick } from './joystick.js';
import { LiveView } from './view.js';
import { Resume } from './resume.js';
import { Tickets } from './tickets.js';
import { Turns } from './turns.js';
import { VideoView } from './video.js';

const STATUS_TEXT = { connecting: 'connecting…', connected: 'connected', reconnecting: 'reconnecting…', offline: 'offline' };

function start() {
  const page = { driver: false, selected: null, camera: null, accessRequired: false, authenticated: false };
  let connection;
  let view;
  const send = (message) => {
    const sent = connection.send(message);
    if (sent && message.command !== 'ping' && view) {
      view.command(message);
    }
    return sent;
  };
  const controls = new Controls({ send });
  const turns = new Turns(document.getElementById('turn'));
  view = new LiveView(document.getElementById('arena'), document.getElementById('readout'));
  const drive = new DriveControl({
    send,
    mayDrive: () => page.driver,
    onRefused: () => controls.say('You are watching: press Drive to take the seat.'),
  });
  const access = new AccessPrompt({ send, say: (text) => controls.say(text) });
  const resume = new Resume(send);
  const joystickBox = document.getElementById('joystick');
  const joystick = new Joystick(joystickBox, drive);
  const keys = keyboard(drive);
  gamepad(drive);

  // Video needs a ticket where access control is on; a connection that needs none gets none.
  const tickets = new Tickets((message) => connection.send(message));
  const ticket = () => (page.accessRequired ? tickets.request() : Promise.resolve(null));
  const screen = document.querySelector('.screen');
  const videoStats = document.querySelector('.video-stats');
  const canvas = document.getElementById('video');
  const video = new VideoView({
    canvas,
    fps: document.querySelector('[data-testid="video-fps"]'),
    latency: document.querySelector('[data-testid="video-latency"]'),
    ticket,
    onShown: (shown) => {
      canvas.hidden = !shown;
      videoStats.hidden = !shown;
      screen.classList.toggle('has-video', shown);
      document.body.classList.toggle('has-video', shown);
    },
  });

  // Until auth succeeds a connection may ask for nothing, so video waits for it.
  const watchCamera = () => {
    if (!page.accessRequired || page.authenticated) {
      video.watch(page.camera);
    }
  };

  const status = document.querySelector('[data-testid="status"]');
  const latency = document.querySelector('[data-testid="latency"]');

  const show = (m, driver) => {
    if (m.selected !== page.selected) {
      view.clear();
    }
    page.driver = driver;
    page.selected = m.selected;
    const vehicle = (m.vehicles || []).find((v) => v.id === m.selected);
    page.camera = vehicle && vehicle.cameras && vehicle.cameras.length > 0 ? vehicle.cameras[0] : null;
    watchCamera();
    controls.vehicles(m.vehicles, m.selected);
    controls.vocabulary(m.vocabulary, driver);
    const role = m.role || (driver ? 'driver' : 'spectator');
    controls.seat(role, vehicle);
    turns.update(role, m.queue, m.turnEndsAt);
    joystick.enabled(driver);
    // A vehicle without analog drive (only commands of its own) has no use for the joystick.
    joystickBox.classList.toggle('absent', !(m.vocabulary || []).some((c) => c.name === 'drive'));
  };

  connection = new Connection({
    onOpen: () => controls.say(''),
    onStatus: (state) => {
      status.textContent = STATUS_TEXT[state];
      status.className = 'status ' + state;
      if (state !== 'connected') {
        tickets.dropAll();
        page.driver = false;
        joystick.reset();
        controls.disconnected();
      }
    },
    onLatency: (ms) => {
      latency.textContent = ms === null ? '–' : ms.toFixed(1);
    },
    onMessage: (m) => {
      switch (m.type) {
        case 'hello':
          turns.settings(m.turns);
          page.accessRequired = m.auth === 'required';
          page.authenticated = false;
          show(m, m.role === 'driver');
          access.hello(m);
          resume.hello(m);
          break;
        case 'state':
          show(m, m.driver);
          break;
        case 'telemetry':
          if (m.vehicle === page.selected) {
            view.update(m);
          }
          break;
        case 'ticket':
          tickets.answer(m);
          break;
        case 'error':
          if (!resume.answer(m) && !tickets.answer(m) && !access.error(m) && !controls.refused(m)) {
            controls.say(m.message);
          }
          break;
        case 'ack':
          if (resume.answer(m)) {
            break;
          }
          if (access.ack(m)) {
            page.authenticated = true;
            watchCamera();
          }
          controls.answered(m);
          controls.say('');
          break;
        default:
          break;
      }
    },
  });

  // Losing sight of the page is losing the driver: stop.
  const stopAll = () => {
    joystick.reset();
    keys.reset();
    if (page.driver) {
      drive.stop();
    }
  };
  window.addEventListener('blur', stopAll);
  document.addEventListener('visibilitychange', () => {
    if (document.hidden) {
      stopAll();
    }
  });

  connection.connect();
}

start();
