// Keyboard and gamepad driving. Arrows and W A S D drive while held (combinations steer while
// moving), Space stops. A connected gamepad's left stick drives. A key held through a reset (a
// vehicle switch, a lost focus) drives again only when pressed again.

const KEYS = {
  ArrowUp: [1, 0], KeyW: [1, 0],
  ArrowDown: [-1, 0], KeyS: [-1, 0],
  ArrowLeft: [0, -1], KeyA: [0, -1],
  ArrowRight: [0, 1], KeyD: [0, 1],
};
const DEAD_ZONE = 0.15;

export function keyboard(drive) {
  const held = new Set();
  const update = () => {
    if (held.size === 0) {
      drive.release('keyboard');
      return;
    }
    let throttle = 0;
    let steer = 0;
    for (const code of held) {
      throttle += KEYS[code][0];
      steer += KEYS[code][1];
    }
    drive.set('keyboard', Math.sign(throttle), Math.sign(steer) * (throttle === 0 ? 1 : 0.7));
  };
  const ignored = (event) => event.target instanceof HTMLSelectElement || event.target instanceof HTMLInputElement
    || event.altKey || event.ctrlKey || event.metaKey;

  document.addEventListener('keydown', (event) => {
    if (ignored(event)) {
      return;
    }
    if (event.code === 'Space' && !(event.target instanceof HTMLButtonElement)) {
      event.preventDefault();
      held.clear();
      drive.stop();
      return;
    }
    if (KEYS[event.code]) {
      event.preventDefault(); // no scrolling while driving
      if (!event.repeat && !held.has(event.code)) {
        held.add(event.code);
        update();
      }
    }
  });
  document.addEventListener('keyup', (event) => {
    if (held.delete(event.code)) {
      update();
    }
  });
  return { reset: () => held.clear() };
}

/**
 * Drives from the first connected gamepad's left stick, and tells {@code onPad} the pad's name when
 * one connects and null when the last one goes. After reset() the stick must come back to the middle
 * before it drives again, so a stick held through a vehicle switch does not drive the new vehicle.
 */
export function gamepad(drive, onPad = () => {}) {
  let polling = false;
  let active = false;
  let mustCentre = false;
  const pads = () => [...(navigator.getGamepads ? navigator.getGamepads() : [])].filter((p) => p && p.connected);
  const poll = () => {
    const pad = pads()[0];
    if (!pad) {
      polling = false;
      onPad(null);
      if (active) {
        active = false;
        drive.release('gamepad');
      }
      return;
    }
    const steer = pad.axes[0] || 0;
    const throttle = -(pad.axes[1] || 0);
    const held = Math.hypot(steer, throttle) > DEAD_ZONE;
    if (!held) {
      mustCentre = false;
    }
    if (held && !mustCentre) {
      active = true;
      drive.set('gamepad', throttle, steer);
    } else if (active) {
      active = false;
      drive.release('gamepad');
    }
    requestAnimationFrame(poll);
  };
  window.addEventListener('gamepadconnected', (event) => {
    onPad(event.gamepad ? event.gamepad.id : 'gamepad');
    if (!polling) {
      polling = true;
      requestAnimationFrame(poll);
    }
  });
  window.addEventListener('gamepaddisconnected', () => {
    if (pads().length === 0) {
      onPad(null);
    }
  });
  return {
    reset: () => {
      mustCentre = active; // a stick that was driving must come back first; one at rest need not
      active = false;
    },
  };
}
