// What the vehicle reports, in words for people: each telemetry field as a label and a value with its
// unit (words.js), a speed gauge when the vehicle reports its speed, and, for a vehicle that reports
// nothing (the real i-Racer), the last motion command the driver sent.

import { field } from './words.js';

// Bookkeeping of the protocol and the drawing, never shown.
const HIDDEN = new Set(['type', 'vehicle', 'seq', 't', 'arenaWidth', 'arenaHeight', 'others', 'id', 'code', 'message']);
const GAUGE_RADIUS = 40;
const GAUGE_START = -Math.PI / 2;

export class Readout {
  constructor(listElement, gaugeElement) {
    this.list = d3.select(listElement);
    this.gaugeBox = d3.select(gaugeElement);
    this.reported = false;
    this.top = 1;
    const svg = this.gaugeBox.append('svg').attr('viewBox', '-50 -46 100 52').attr('aria-hidden', 'true');
    this.arc = d3.arc().innerRadius(GAUGE_RADIUS - 9).outerRadius(GAUGE_RADIUS).startAngle(GAUGE_START);
    svg.append('path').attr('class', 'gauge-track').attr('d', this.arc.endAngle(Math.PI / 2)());
    this.fill = svg.append('path').attr('class', 'gauge-fill');
    this.figure = svg.append('text').attr('class', 'gauge-figure').attr('y', -6).attr('text-anchor', 'middle');
    svg.append('text').attr('class', 'gauge-unit').attr('y', 4).attr('text-anchor', 'middle').text('m/s');
    this.gaugeBox.attr('hidden', true);
  }

  /** Forget the vehicle shown, as when another one is selected. */
  clear() {
    this.reported = false;
    this.top = 1;
    this.gaugeBox.attr('hidden', true);
    this.rows([]);
  }

  /** A telemetry sample. */
  update(sample) {
    this.reported = true;
    const rows = Object.entries(sample)
      .filter(([key, value]) => !HIDDEN.has(key) && (value === null || typeof value !== 'object'))
      .map(([key, value]) => ({ key, ...field(key, value) }));
    this.rows(rows);
    this.gauge(typeof sample.speed === 'number' ? sample.speed : null);
  }

  /** A motion command the driver sent, shown only for a vehicle that reports nothing itself. */
  command(message) {
    if (this.reported) {
      return;
    }
    const rows = [{ key: 'command', ...field('command', message.command) }];
    if (message.command === 'drive') {
      rows.push({ key: 'throttle', ...field('throttle', message.throttle) });
      rows.push({ key: 'steer', ...field('steer', message.steer) });
    }
    this.rows(rows);
  }

  rows(rows) {
    this.list.selectAll('div').data(rows, (d) => d.key).join((enter) => {
      const div = enter.append('div').attr('class', 'reading');
      div.append('dt');
      div.append('dd');
      return div;
    })
      .attr('data-field', (d) => d.key)
      .call((div) => div.select('dt').text((d) => d.label))
      .call((div) => div.select('dd').text((d) => d.value));
  }

  /** The speed on a half dial whose end grows with the fastest speed seen, so it never pins. */
  gauge(speed) {
    if (speed === null) {
      this.gaugeBox.attr('hidden', true);
      return;
    }
    this.gaugeBox.attr('hidden', null);
    const size = Math.abs(speed);
    this.top = Math.max(this.top, Math.ceil(size * 2) / 2);
    this.fill.attr('d', this.arc.endAngle(GAUGE_START + Math.PI * Math.min(1, size / this.top))())
      .classed('reverse', speed < 0);
    this.figure.text(size.toFixed(1));
    this.gaugeBox.attr('aria-label', `Speed ${size.toFixed(1)} metres a second${speed < 0 ? ', backwards' : ''}`);
  }
}
