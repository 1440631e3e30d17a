// Who else is here, in numbers only: how many watch the selected vehicle and the places in its line,
// one's own marked. Nobody's name or address is ever shown. The count comes with each state, which
// the server sends when a seat or a line changes, and from the API every few seconds in between, so
// newcomers who only watch are counted too.

const POLL_MS = 5000;

export class Presence {
  /** @param token gives the code to show the API, null where none is needed, false while there is none */
  constructor(element, token) {
    this.token = token;
    this.last = null;
    setInterval(() => this.poll(), POLL_MS);
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
    this.last = m;
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

  /** Asks the API how many watch the vehicle shown, while one is. */
  poll() {
    const shown = this.last;
    if (!shown || document.hidden) {
      return;
    }
    const token = this.token();
    if (token === false) {
      return;
    }
    fetch('api/vehicles', { headers: token ? { Authorization: `Bearer ${token}` } : {} })
      .then((response) => (response.ok ? response.json() : []))
      .then((vehicles) => {
        const vehicle = Array.isArray(vehicles) && vehicles.find((v) => v.id === shown.selected);
        if (vehicle && this.last === shown && typeof vehicle.viewers === 'number') {
          this.update({ ...shown, spectators: vehicle.viewers });
        }
      })
      .catch(() => {}); // the next state or poll tells
  }

  clear() {
    this.last = null;
    this.summary.text('');
    this.line.selectAll('li').remove();
  }
}
