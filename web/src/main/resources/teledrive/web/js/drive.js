// One place turns every input (joystick, keyboard, gamepad) into drive messages: the newest
// active input wins, it is repeated ten times a second while held (well inside the server's
// dead-man), and a stop goes out the moment the last input lets go.

const REPEAT_MS = 100;
const MIN_GAP_MS = 40;

export class DriveControl {
  constructor({ send, mayDrive, onRefused }) {
    this.send = send;
    this.mayDrive = mayDrive;
    this.onRefused = onRefused;
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
      this.latest = [...this.inputs.values()].pop();
    }
  }

  /** Everything lets go and the vehicle stops (Space, blur, a hidden tab). */
  stop() {
    const wasActive = this.inputs.size > 0 || this.timer;
    this.inputs.clear();
    this.latest = null;
    clearInterval(this.timer);
    this.timer = null;
    if (wasActive || this.mayDrive()) {
      this.send({ command: 'stop' });
    }
  }

  emit() {
    if (!this.latest) {
      return;
    }
    this.lastSent = performance.now();
    this.send({ command: 'drive', throttle: round(this.latest.throttle), steer: round(this.latest.steer) });
  }
}

function clamp(v) {
  return Number.isFinite(v) ? Math.max(-1, Math.min(1, v)) : 0;
}

function round(v) {
  return Math.round(v * 1000) / 1000;
}
