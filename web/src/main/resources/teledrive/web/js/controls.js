// The vehicle switcher, the driver's seat and one button per vocabulary command, each drawn from
// the server's hello/state with a d3 data join, as the 2012 page bound its buttons to data.

export class Controls {
  constructor({ send }) {
    this.send = send;
    this.select = d3.select('#vehicle');
    this.commands = d3.select('#commands');
    this.role = d3.select('#role');
    this.claim = d3.select('#claim');
    this.release = d3.select('#release');
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

  seat(driver) {
    this.role.text(driver ? 'You are driving.' : 'You are watching.');
    this.claim.attr('hidden', driver ? true : null);
    this.release.attr('hidden', driver ? null : true);
  }

  say(text) {
    this.message.text(text || '');
  }

  disconnected() {
    this.select.attr('disabled', true);
    this.commands.selectAll('button').property('disabled', true);
  }
}
