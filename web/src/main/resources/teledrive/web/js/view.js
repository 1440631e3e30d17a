// The live view: a top-down SVG of the arena with the car, its heading and a fading trail, from
// telemetry; hidden for a vehicle that reports no position.

const TRAIL = 90;
const CAR_LENGTH = 0.16;
const CAR_WIDTH = 0.1;

export class LiveView {
  constructor(svgElement) {
    this.svg = d3.select(svgElement);
    this.trail = [];
    this.size = null;
    this.root = this.svg.append('g');
    this.floor = this.root.append('rect').attr('class', 'floor');
    this.grid = this.root.append('g');
    this.trailLayer = this.root.append('g');
    this.othersLayer = this.root.append('g').attr('class', 'others');
    this.car = this.root.append('g').attr('class', 'vehicle');
    this.car.append('rect').attr('class', 'car')
      .attr('x', -CAR_LENGTH / 2).attr('y', -CAR_WIDTH / 2).attr('width', CAR_LENGTH).attr('height', CAR_WIDTH).attr('rx', 0.02);
    this.car.append('path').attr('class', 'nose')
      .attr('d', `M${CAR_LENGTH / 2},0 L${CAR_LENGTH / 2 - 0.05},-0.035 L${CAR_LENGTH / 2 - 0.05},0.035 Z`);
    this.svg.attr('hidden', true);
  }

  /** Forget everything shown, as when another vehicle is selected. */
  clear() {
    this.trail = [];
    this.trailLayer.selectAll('line').remove();
    this.othersLayer.selectAll('g').remove();
    this.svg.attr('hidden', true);
  }

  update(sample) {
    if (typeof sample.x !== 'number' || typeof sample.y !== 'number') {
      this.svg.attr('hidden', true);
      return;
    }
    this.svg.attr('hidden', null);
    this.resize(sample.arenaWidth || 4, sample.arenaHeight || 3);
    this.svg.classed('wall', !!sample.wall);
    const heading = typeof sample.heading === 'number' ? sample.heading : 0;
    // SVG's y grows downwards; the arena's grows upwards, so flip y and the angle.
    this.car.attr('transform', `translate(${sample.x},${this.size.h - sample.y}) rotate(${(-heading * 180) / Math.PI})`);
    this.drawOthers(Array.isArray(sample.others) ? sample.others : []);
    const last = this.trail[this.trail.length - 1];
    if (!last || Math.hypot(last.x - sample.x, last.y - sample.y) > 0.005) {
      this.trail.push({ x: sample.x, y: sample.y, seq: sample.seq });
      if (this.trail.length > TRAIL) {
        this.trail.shift();
      }
      this.drawTrail();
    }
  }

  resize(w, h) {
    if (this.size && this.size.w === w && this.size.h === h) {
      return;
    }
    this.size = { w, h };
    const pad = 0.05;
    this.svg.attr('viewBox', [-pad, -pad, w + 2 * pad, h + 2 * pad].join(' '));
    this.floor.attr('width', w).attr('height', h);
    const lines = [];
    for (let x = 0.5; x < w; x += 0.5) lines.push({ x1: x, y1: 0, x2: x, y2: h });
    for (let y = 0.5; y < h; y += 0.5) lines.push({ x1: 0, y1: y, x2: w, y2: y });
    this.grid.selectAll('line').data(lines).join('line').attr('class', 'grid')
      .attr('x1', (d) => d.x1).attr('y1', (d) => d.y1).attr('x2', (d) => d.x2).attr('y2', (d) => d.y2);
  }

  /** The other cars in the same arena, as the simulator reports them, so friends can race. */
  drawOthers(others) {
    const h = this.size.h;
    const cars = this.othersLayer.selectAll('g.other').data(others, (o) => o.vehicle).join((enter) => {
      const g = enter.append('g').attr('class', 'other');
      g.append('rect').attr('class', 'other-car')
        .attr('x', -CAR_LENGTH / 2).attr('y', -CAR_WIDTH / 2).attr('width', CAR_LENGTH).attr('height', CAR_WIDTH).attr('rx', 0.02);
      g.append('title');
      return g;
    });
    cars.attr('transform', (o) => `translate(${o.x},${h - o.y}) rotate(${(-(o.heading || 0) * 180) / Math.PI})`);
    cars.select('title').text((o) => o.vehicle);
  }

  drawTrail() {
    const h = this.size.h;
    const segments = this.trail.slice(1).map((p, i) => ({ a: this.trail[i], b: p, age: this.trail.length - 2 - i }));
    this.trailLayer.selectAll('line').data(segments).join('line').attr('class', 'trail')
      .attr('x1', (d) => d.a.x).attr('y1', (d) => h - d.a.y).attr('x2', (d) => d.b.x).attr('y2', (d) => h - d.b.y)
      .attr('stroke-width', 0.03)
      .attr('stroke-opacity', (d) => Math.max(0.05, 1 - d.age / TRAIL));
  }
}
