// One place turns every input (joystick, keyboard, gamepad) into drive messages: the newest
// active input wins, it is repeated ten times a second while held, even held still (the server's
// dead-man and idle clock count only commands that move the vehicle, and stop it after 500 ms
// without one), and a stop goes out the moment the last input lets go. The driver's speed limit
// scales the throttle of every input alike.

const REPEAT_MS = 100; // at most 200 ms apart, as protocol version 3 asks
const MIN_GAP_MS = 40;

export class DriveControl {
  /**
   * @param onMove told the input that now drives and its (throttle, steer), or null for none, so
   *        the joystick's knob can show what the keyboard or a gamepad does
   */
  constructor({ send, mayDrive, onRefused, onMove = () => {} }) {
    this.send = send;
    this.mayDrive = mayDrive;
    this.onRefused = onRefused;
    this.onMove = onMove;
    this.limit = 1;
    this.inputs = new Map();
    this.latest = null;
    this.timer = null;
    this.lastSent = 0;
  }

  /** An input is held at (throttle, steer), each from -1 to 1, forward and right positive. */
  set(input, throttle, steer) {
    if (!this.mayDrive()) {
      this.onRefused();
      return;
    }
    const value = { throttle: clamp(throttle), steer: clamp(steer) };
    this.inputs.delete(input);
    this.inputs.set(input, value); // re-inserted: newest last
    this.latest = value;
    this.onMove(input, value);
    if (!this.timer) {
      this.timer = setInterval(() => this.emit(), REPEAT_MS);
    }
    if (performance.now() - this.lastSent >= MIN_GAP_MS) {
      this.emit();
    }
  }

  /** An input let go; when it was the last one, the vehicle stops. */
  release(input) {
    if (!this.inputs.delete(input)) {
      return;
    }
    if (this.inputs.size === 0) {
      this.stop();
    } else {
      const [newest, value] = [...this.inputs.entries()].pop();
      this.latest = value;
      this.onMove(newest, value);
    }
  }

  /** The driver's speed limit, from 0.1 to 1: the share of full throttle any input may ask for. */
  setLimit(limit) {
    this.limit = Math.max(0.1, Math.min(1, Number(limit) || 1));
  }

  /** Everything lets go and the vehicle stops (Space, blur, a hidden tab). */
  stop() {
    this.inputs.clear();
    this.latest = null;
    clearInterval(this.timer);
    this.timer = null;
    this.onMove(null, null);
    // A spectator's stop would only be refused: the server stops the vehicle when a seat changes.
    if (this.mayDrive()) {
      this.send({ command: 'stop' });
    }
  }

  emit() {
    if (!this.latest) {
      return;
    }
    this.lastSent = performance.now();
    const throttle = round(this.latest.throttle * this.limit);
    this.send({ command: 'drive', throttle, steer: round(this.latest.steer) });
  }
}

function clamp(v) {
  return Number.isFinite(v) ? Math.max(-1, Math.min(1, v)) : 0;
}

function round(v) {
  return Math.round(v * 1000) / 1000;
}
