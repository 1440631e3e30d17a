// Words for people: the server's error codes, vehicle states and telemetry fields as sentences and
// labels a visitor understands. The protocol's own texts ("send {"command":"claim"}") are written
// for programs and are never shown; a code or a word this page does not know still gets a sentence.

/** What the page was doing when an error came back, from the id it gave the message. */
export function contextOf(message) {
  const id = typeof message.id === 'string' ? message.id : '';
  const dash = id.indexOf('-');
  return dash > 0 ? id.slice(0, dash) : id || 'drive';
}

const ERRORS = {
  unauthorized: {
    auth: 'That code is not right. Check it and enter it again.',
    '': 'Enter the code first: this server lets in only people who have one.',
  },
  not_driver: {
    claim: 'Your code lets you watch, not drive.',
    release: '',
    skip: 'Only the host can end someone else\u2019s turn.',
    '': 'You are watching. Press \u201cDrive\u201d or \u201cTake a turn\u201d to drive.',
  },
  rate_limited: {
    claim: 'Enough people from your network already wait for this vehicle; try again when one of them drives.',
    '': 'Too many commands at once: slow down a little.',
  },
  vehicle_unavailable: {
    select: 'That vehicle cannot be reached right now; try again in a moment or pick another.',
    '': 'The vehicle cannot take commands right now; its status above says why.',
  },
  unknown_command: {
    resume: '',
    '': 'This vehicle no longer knows that command; reload the page to see what it offers now.',
  },
  bad_message: { '': 'The vehicle refused that command; reload the page and try again.' },
  bad_json: { '': 'The page and the server do not understand each other; reload the page.' },
  internal: { '': 'Something went wrong on the server; try again, and tell the host if it keeps happening.' },
  not_resumable: { '': '' },
};

/**
 * The sentence for an error in its context ('auth', 'claim', 'select' ...), '' for one that needs
 * no words (a stale release, an old server that knows no resume).
 */
export function errorSentence(code, context) {
  const known = ERRORS[code];
  if (!known) {
    return 'The server refused that; try again in a moment.';
  }
  return context in known ? known[context] : known[''];
}

/** The seconds of a lockout, read from the server's "try again in N s"; null when it names none. */
export function lockoutSeconds(message) {
  const m = /(\d+)\s*s\b/.exec(String(message.message || ''));
  return m ? Number(m[1]) : null;
}

const STATES = {
  idle: 'ready',
  connected: 'ready',
  connecting: 'starting up\u2026',
  disconnected: 'link lost',
  failed: 'not working',
  unreachable: 'out of reach',
};

/** A vehicle's state word as people say it; words this page does not know read "unavailable". */
export function vehicleState(v) {
  if (!v) {
    return '';
  }
  const word = v.state || (v.connected ? 'connected' : 'disconnected');
  return STATES[word] || 'unavailable';
}

/** Whether a vehicle can take a driver now (or as soon as it is selected). */
export function vehicleUsable(v) {
  const word = v && (v.state || (v.connected ? 'connected' : 'disconnected'));
  return word === 'connected' || word === 'idle';
}

// Telemetry fields the shipped plugins send: a label, and how to write the value.
const DIRECTIONS = {
  stop: 'stopped', ahead: 'forward', reverse: 'backward', left: 'turning left', right: 'turning right',
  ahead_left: 'forward, left', ahead_right: 'forward, right', reverse_left: 'backward, left',
  reverse_right: 'backward, right',
};
const DONKEY_MODES = { user: 'you drive', local_angle: 'autopilot steers', local: 'autopilot' };
const yesNo = (v) => (v ? 'yes' : 'no');
const percent = (v) => `${Math.round(v * 100)} %`;
const metres = (v) => `${v.toFixed(2)} m`;

export const FIELDS = {
  speed: { label: 'Speed', value: (v) => `${v.toFixed(2)} m/s` },
  direction: { label: 'Going', value: (v) => DIRECTIONS[v] || words(String(v)) },
  heading: { label: 'Facing', value: (v) => `${Math.round((((v * 180) / Math.PI) + 360) % 360)}\u00b0` },
  x: { label: 'From the left wall', value: metres },
  y: { label: 'From the bottom wall', value: metres },
  level: { label: 'Power', value: (v) => `${v} of 15` },
  wall: { label: 'Against a wall', value: yesNo },
  bump: { label: 'Touching a car', value: yesNo },
  angle: { label: 'Steering', value: (v) => (v === 0 ? 'straight' : `${percent(Math.abs(v))} ${v < 0 ? 'left' : 'right'}`) },
  throttle: { label: 'Throttle', value: percent },
  steer: { label: 'Steering', value: (v) => (v === 0 ? 'straight' : `${percent(Math.abs(v))} ${v < 0 ? 'left' : 'right'}`) },
  recording: { label: 'Recording', value: yesNo },
  records: { label: 'Records saved', value: (v) => String(v) },
  mode: { label: 'Mode', value: (v) => DONKEY_MODES[v] || words(String(v)) },
  command: { label: 'Last command', value: (v) => words(String(v)) },
  commands: { label: 'Commands received', value: (v) => String(v) },
};

/** A field name as words: "arenaWidth" and "arena_width" read "arena width". */
export function words(name) {
  return String(name).replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** A telemetry field as {label, value} for people. */
export function field(key, value) {
  const known = FIELDS[key];
  if (known && (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string')) {
    return { label: known.label, value: known.value(value) };
  }
  const label = words(key);
  const text = typeof value === 'number'
    ? (Number.isInteger(value) ? String(value) : value.toFixed(2))
    : typeof value === 'boolean' ? yesNo(value) : value === null ? '\u2013' : String(value);
  return { label: label.charAt(0).toUpperCase() + label.slice(1), value: text };
}
