// Who else is here, in numbers only: how many watch the selected vehicle and the places in its line,
// one's own marked. Nobody's name or address is ever shown. The count comes with each state: the
// server sends one when a seat or a line changes, and when someone comes or goes (at most once a
// second per vehicle), so nothing here asks for it.

export class Presence {
  constructor(element) {
    this.box = d3.select(element);
    this.summary = this.box.append('p').attr('class', 'presence-summary').attr('data-testid', 'presence-summary');
    this.line = this.box.append('ol').attr('class', 'line').attr('aria-label', 'The line for this vehicle');
  }

  /** From hello or state: spectators counts every connection watching, this one included. */
  update(m) {
    if (!m || !m.selected) {
      this.clear();
      return;
    }
    const watching = Math.max(1, Number(m.spectators) || 1);
    const queue = m.queue || { position: 0, length: 0 };
    const others = watching - 1;
    const parts = [others === 0 ? 'Only you are here' : `You and ${others} ${others === 1 ? 'other' : 'others'} are here`];
    parts.push(queue.length === 0 ? 'nobody waits' : `${queue.length} waiting`);
    this.summary.text(parts.join(' \u00b7 ') + '.');
    const places = d3.range(1, queue.length + 1);
    this.line.selectAll('li').data(places).join('li')
      .classed('you', (p) => p === queue.position)
      .attr('aria-label', (p) => (p === queue.position ? `Place ${p}: you` : `Place ${p}`))
      .text((p) => (p === queue.position ? 'you' : String(p)));
  }

  clear() {
    this.summary.text('');
    this.line.selectAll('li').remove();
  }
}
