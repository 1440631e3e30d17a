// The vehicle switcher and the fleet's cards, the seat (drive, queue, let go) and the vocabulary's
// commands, each drawn from the server's hello/state with a d3 data join, as the 2012 page bound its
// buttons to data: a button for a command without parameters, a small form for one with them.

import { CommandForms, keyCap, keyName } from './forms.js';
import { vehicleState, vehicleUsable } from './words.js';

// The joystick, the keyboard and the gamepad send these; the page draws no control for them.
const JOYSTICK = new Set(['drive', 'raw']);
// The standard timed moves stay one-press buttons: their optional speed is the vehicle's to pick.
const PLAIN = new Set(['up', 'down', 'left', 'right', 'stop']);
// The driving keys (inputs.js) keep their meaning whatever a command's key hint says.
const DRIVING_KEYS = new Set([' ', 'arrowup', 'arrowdown', 'arrowleft', 'arrowright', 'w', 'a', 's', 'd']);
const DRIVING_CODES = new Set(['Space', 'KeyW', 'KeyA', 'KeyS', 'KeyD']);

let sequence = 0;

/** An id naming what the page asked for, so the server's answer can be put in words for it. */
export function idFor(command) {
  return `${command}-${++sequence}`;
}

export class Controls {
  /** @param onSelect told the vehicle id the viewer picks; the page lets go of everything first */
  constructor({ send, onSelect }) {
    this.send = send;
    this.onSelect = onSelect;
    this.driver = false;
    this.keyed = new Map();
    this.select = d3.select('#vehicle');
    this.commands = d3.select('#commands');
    this.forms = new CommandForms(d3.select('#command-forms'), send);
    this.role = d3.select('#role');
    this.claim = d3.select('#claim');
    this.release = d3.select('#release');
    this.fleet = d3.select('#fleet');
    this.message = d3.select('#message');
    this.vehicleState = d3.select('#vehicle-state');
    this.select.on('change', (event) => this.onSelect(event.target.value));
    this.claim.on('click', () => this.send({ command: 'claim', id: idFor('claim') }));
    this.release.on('click', () => this.send({ command: 'release', id: idFor('release') }));
    document.addEventListener('keydown', (event) => this.key(event));
  }

  vehicles(vehicles, selected) {
    this.select.attr('disabled', null)
      .selectAll('option').data(vehicles, (v) => v.id).join('option')
      .attr('value', (v) => v.id)
      .property('selected', (v) => v.id === selected)
      .text((v) => v.name + (vehicleUsable(v) ? '' : ` (${vehicleState(v)})`));
    // One card per vehicle: whether someone drives it, how many wait, whether it has a camera.
    this.fleet.selectAll('li').data(vehicles, (v) => v.id).join((enter) => {
      const li = enter.append('li');
      li.append('button').attr('type', 'button').on('click', (event, v) => {
        if (v.id !== this.selected) {
          this.onSelect(v.id);
        }
      });
      return li;
    })
      .attr('data-vehicle', (v) => v.id)
      .classed('selected', (v) => v.id === selected)
      .select('button')
      .attr('aria-pressed', (v) => String(v.id === selected))
      .text((v) => `${v.name} · ${status(v)}`);
    this.selected = selected;
    const current = vehicles.find((v) => v.id === selected);
    this.vehicleState
      .classed('trouble', !!current && !vehicleUsable(current))
      .text(current ? `${current.name} is ${vehicleState(current)}${reasonOf(current)}` : '');
  }

  vocabulary(vocabulary, driver) {
    this.driver = driver;
    const drawn = (vocabulary || []).filter((c) => !JOYSTICK.has(c.name));
    const plain = (c) => c.parameters.length === 0 || PLAIN.has(c.name);
    this.commands.selectAll('button').data(drawn.filter(plain), (c) => c.name).join('button')
      .attr('type', 'button')
      .attr('data-command', (c) => c.name)
      .attr('aria-label', (c) => c.label + (c.key ? ` (key: ${keyName(c.key)})` : ''))
      .classed('stop', (c) => c.kind === 'stop')
      .property('disabled', !driver)
      .text((c) => c.label)
      .call((button) => button.filter((c) => c.key).append('kbd').text((c) => keyCap(c.key)))
      .on('click', (event, c) => this.send({ command: c.name }));
    const forms = drawn.filter((c) => !plain(c));
    this.forms.draw(forms, driver);
    document.body.classList.toggle('has-forms', forms.length > 0);
    // A key sends its command, as a click on its button would, unless the driving keys own it.
    this.keyed = new Map(drawn
      .filter((c) => c.key && !DRIVING_KEYS.has(c.key.toLowerCase()))
      .map((c) => [c.key.toLowerCase(), c]));
  }

  key(event) {
    if (!this.driver || event.repeat || event.altKey || event.ctrlKey || event.metaKey
      || DRIVING_CODES.has(event.code) || typing(event.target)) {
      return;
    }
    const c = this.keyed.get(event.key.toLowerCase());
    if (!c) {
      return;
    }
    event.preventDefault();
    if (!this.forms.submit(c.name)) {
      this.send({ command: c.name });
    }
  }

  /** The selected vehicle's telemetry: a field named like a parameter seeds that control. */
  telemetry(sample) {
    this.forms.seed(sample);
  }

  /** An ack: true when it answers one of the forms, whose message it clears. */
  answered(message) {
    return this.forms.answered(message);
  }

  /** An error: true when it answers one of the forms, which shows it beside its controls. */
  refused(message) {
    return this.forms.refused(message);
  }

  /**
   * The seat as the state says: driving, waiting in line, or watching a free or busy vehicle. A
   * connection whose code only lets it watch is offered no seat.
   */
  seat(role, vehicle, watchOnly) {
    const busy = vehicle && vehicle.driven;
    const watching = watchOnly ? 'You are watching: your code lets you watch, not drive.' : 'You are watching.';
    this.role.text(role === 'driver' ? 'You are driving.' : role === 'queued' ? 'You are in line.' : watching);
    this.claim.attr('hidden', role === 'spectator' && !watchOnly ? null : true).text(busy ? 'Take a turn' : 'Drive');
    this.release.attr('hidden', role === 'spectator' ? true : null).text(role === 'queued' ? 'Leave the line' : 'Let go');
  }

  say(text) {
    this.message.text(text || '');
  }

  /** No connection: nobody drives from this page, and nothing offers to. */
  disconnected() {
    this.driver = false;
    this.role.text('Not connected: nobody drives from this page until the server is back.');
    this.claim.attr('hidden', true);
    this.release.attr('hidden', true);
    this.select.attr('disabled', true);
    this.commands.selectAll('button').property('disabled', true);
    this.forms.disconnected();
  }
}

/** Whether a key goes into a field (text, number, a list) rather than to the page. */
function typing(target) {
  if (target instanceof HTMLInputElement) {
    return !['range', 'checkbox', 'radio', 'button', 'submit'].includes(target.type);
  }
  return target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement
    || (target instanceof HTMLElement && target.isContentEditable);
}

function reasonOf(v) {
  return !vehicleUsable(v) && typeof v.reason === 'string' && v.reason ? `: ${v.reason}` : '.';
}

function status(v) {
  if (!vehicleUsable(v)) {
    return vehicleState(v);
  }
  const parts = [v.driven ? 'being driven' : 'free'];
  if (v.queue > 0) {
    parts.push(`${v.queue} waiting`);
  }
  if (v.cameras && v.cameras.length > 0) {
    parts.push(v.cameras.length === 1 ? 'camera' : `${v.cameras.length} cameras`);
  }
  return parts.join(', ');
}
