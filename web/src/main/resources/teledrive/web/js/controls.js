// The vehicle switcher and the fleet's cards, the seat (drive, queue, let go) and one button per
// vocabulary command, each drawn from the server's hello/state with a d3 data join, as the 2012
// page bound its buttons to data.

export class Controls {
  constructor({ send }) {
    this.send = send;
    this.select = d3.select('#vehicle');
    this.commands = d3.select('#commands');
    this.role = d3.select('#role');
    this.claim = d3.select('#claim');
    this.release = d3.select('#release');
    this.fleet = d3.select('#fleet');
    this.message = d3.select('#message');
    this.select.on('change', (event) => this.send({ command: 'select', vehicle: event.target.value }));
    this.claim.on('click', () => this.send({ command: 'claim' }));
    this.release.on('click', () => this.send({ command: 'release' }));
  }

  vehicles(vehicles, selected) {
    this.select.attr('disabled', null)
      .selectAll('option').data(vehicles, (v) => v.id).join('option')
      .attr('value', (v) => v.id)
      .property('selected', (v) => v.id === selected)
      .text((v) => v.name + (v.connected ? '' : ` (${v.state || 'offline'})`));
    // One card per vehicle: whether someone drives it, how many wait, whether it has a camera.
    this.fleet.selectAll('li').data(vehicles, (v) => v.id).join((enter) => {
      const li = enter.append('li');
      li.append('button').attr('type', 'button').on('click', (event, v) => {
        if (v.id !== this.selected) {
          this.send({ command: 'select', vehicle: v.id });
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
  }

  vocabulary(vocabulary, driver) {
    // Commands that need parameters (drive, raw) belong to the joystick, not to a button.
    const buttons = (vocabulary || []).filter((c) => !c.parameters.some((p) => p.required));
    this.commands.selectAll('button').data(buttons, (c) => c.name).join('button')
      .attr('type', 'button')
      .attr('data-command', (c) => c.name)
      .attr('aria-label', (c) => c.label + (c.key ? ` (key: ${c.key === ' ' ? 'Space' : c.key})` : ''))
      .classed('stop', (c) => c.kind === 'stop')
      .property('disabled', !driver)
      .text((c) => c.label)
      .on('click', (event, c) => this.send({ command: c.name }));
  }

  /** The seat as the state says: driving, waiting in line, or watching a free or busy vehicle. */
  seat(role, vehicle) {
    const busy = vehicle && vehicle.driven;
    this.role.text(role === 'driver' ? 'You are driving.' : role === 'queued' ? 'You are in line.' : 'You are watching.');
    this.claim.attr('hidden', role === 'spectator' ? null : true).text(busy ? 'Take a turn' : 'Drive');
    this.release.attr('hidden', role === 'spectator' ? true : null).text(role === 'queued' ? 'Leave the line' : 'Let go');
  }

  say(text) {
    this.message.text(text || '');
  }

  disconnected() {
    this.select.attr('disabled', true);
    this.commands.selectAll('button').property('disabled', true);
  }
}

function status(v) {
  if (!v.connected) {
    return v.state || 'offline';
  }
  const parts = [v.driven ? 'driven' : 'free'];
  if (v.queue > 0) {
    parts.push(`${v.queue} waiting`);
  }
  if (v.cameras && v.cameras.length > 0) {
    parts.push('camera');
  }
  return parts.join(', ');
}
