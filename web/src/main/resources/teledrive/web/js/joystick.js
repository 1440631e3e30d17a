// The SVG joystick: a knob dragged with pointer events (mouse, touch, pen). The first pointer
// down on it owns it until it lifts; other fingers are ignored. It springs back on release, and
// follows the keyboard and a gamepad while they drive.

const VIEW = 100;    // the viewBox runs from -VIEW to VIEW
const TRAVEL = 64;   // how far the knob's centre may go from the middle
const KNOB = 28;

export class Joystick {
  constructor(svgElement, drive) {
    this.drive = drive;
    this.pointer = null;
    this.svg = d3.select(svgElement).attr('viewBox', [-VIEW, -VIEW, 2 * VIEW, 2 * VIEW].join(' '));
    this.svg.append('circle').attr('class', 'base').attr('r', TRAVEL + KNOB - 4);
    this.svg.append('line').attr('class', 'cross').attr('x1', -TRAVEL).attr('x2', TRAVEL);
    this.svg.append('line').attr('class', 'cross').attr('y1', -TRAVEL).attr('y2', TRAVEL);
    this.knob = this.svg.append('circle').attr('class', 'knob').attr('r', KNOB).attr('cx', 0).attr('cy', 0);

    const node = svgElement;
    this.svg
      .on('pointerdown', (event) => {
        if (this.pointer !== null || (event.pointerType === 'mouse' && event.button !== 0)) {
          return;
        }
        event.preventDefault();
        this.pointer = event.pointerId;
        node.setPointerCapture(event.pointerId);
        this.svg.classed('held', true);
        this.knob.interrupt();
        this.move(event);
      })
      .on('pointermove', (event) => {
        if (event.pointerId === this.pointer) {
          event.preventDefault();
          this.move(event);
        }
      })
      .on('pointerup pointercancel lostpointercapture', (event) => {
        if (event.pointerId === this.pointer) {
          this.letGo();
        }
      });
  }

  move(event) {
    let [x, y] = d3.pointer(event, this.svg.node());
    const distance = Math.hypot(x, y);
    if (distance > TRAVEL) {
      x = (x / distance) * TRAVEL;
      y = (y / distance) * TRAVEL;
    }
    this.knob.attr('cx', x).attr('cy', y);
    this.drive.set('joystick', -y / TRAVEL, x / TRAVEL);
  }

  /** The knob springs back to the centre and the vehicle stops. */
  letGo() {
    this.pointer = null;
    this.svg.classed('held', false);
    this.knob.transition().duration(180).ease(d3.easeBackOut).attr('cx', 0).attr('cy', 0);
    this.drive.release('joystick');
  }

  /** Lets go without a pointer event (blur, hidden tab). */
  reset() {
    if (this.pointer !== null) {
      try {
        this.svg.node().releasePointerCapture(this.pointer);
      } catch (e) {
        // already released
      }
      this.letGo();
    }
  }

  /** Shows what another input (the keyboard, a gamepad) drives, while no finger holds the knob. */
  follow(input, value) {
    if (input === 'joystick' || this.pointer !== null) {
      return;
    }
    const [x, y] = value ? [value.steer, -value.throttle] : [0, 0];
    const distance = Math.hypot(x, y);
    const scale = distance > 1 ? TRAVEL / distance : TRAVEL;
    this.knob.interrupt().transition().duration(80).attr('cx', x * scale).attr('cy', y * scale);
  }

  enabled(yes) {
    this.svg.classed('disabled', !yes).attr('aria-disabled', String(!yes));
  }
}
