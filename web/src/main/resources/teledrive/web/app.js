// Placeholder driver's page: connects to /ws on whatever host served it, shows the state and
// draws one button per vocabulary command. The full d3 page replaces it.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  const wsUrl = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws';
  let socket = null;
  let nextId = 1;
  let backoff = 500;

  function send(message) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(Object.assign({ id: nextId++ }, message)));
    }
  }

  function setStatus(text, css) {
    const status = $('status');
    status.textContent = text;
    status.className = 'status ' + css;
  }

  function showVehicles(vehicles, selected) {
    const select = $('vehicle');
    select.replaceChildren(...vehicles.map((v) => {
      const option = document.createElement('option');
      option.value = v.id;
      option.textContent = v.name + (v.connected ? '' : ' (' + (v.state || 'offline') + ')');
      option.selected = v.id === selected;
      return option;
    }));
    select.disabled = false;
  }

  function showVocabulary(vocabulary) {
    const buttons = vocabulary
      .filter((c) => !c.parameters.some((p) => p.required))
      .map((c) => {
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = c.label;
        button.dataset.command = c.name;
        button.addEventListener('click', () => send({ command: c.name }));
        return button;
      });
    $('commands').replaceChildren(...buttons);
  }

  function showRole(driver) {
    $('role').textContent = driver ? 'driving' : 'watching';
    $('claim').hidden = driver;
    $('release').hidden = !driver;
  }

  function showTelemetry(sample) {
    const rows = [];
    for (const [key, value] of Object.entries(sample)) {
      if (key === 'type' || key === 'seq' || key === 't') continue;
      const dt = document.createElement('dt');
      dt.textContent = key;
      const dd = document.createElement('dd');
      dd.textContent = typeof value === 'number' ? value.toFixed(3) : String(value);
      rows.push(dt, dd);
    }
    $('telemetry').replaceChildren(...rows);
  }

  function onMessage(event) {
    const m = JSON.parse(event.data);
    switch (m.type) {
      case 'hello':
        showVehicles(m.vehicles, m.selected);
        showVocabulary(m.vocabulary);
        showRole(m.role === 'driver');
        break;
      case 'state':
        showVehicles(m.vehicles, m.selected);
        showVocabulary(m.vocabulary);
        showRole(m.driver);
        break;
      case 'telemetry':
        showTelemetry(m);
        break;
      case 'error':
        $('error').textContent = m.message + ' (' + m.code + ')';
        break;
      case 'ack':
        $('error').textContent = '';
        break;
    }
  }

  function connect() {
    setStatus('connecting…', '');
    socket = new WebSocket(wsUrl);
    socket.addEventListener('open', () => {
      backoff = 500;
      setStatus('connected', 'connected');
    });
    socket.addEventListener('message', onMessage);
    socket.addEventListener('close', () => {
      setStatus('reconnecting…', 'offline');
      $('vehicle').disabled = true;
      setTimeout(connect, backoff);
      backoff = Math.min(backoff * 2, 10000);
    });
  }

  $('vehicle').addEventListener('change', (e) => send({ command: 'select', vehicle: e.target.value }));
  $('claim').addEventListener('click', () => send({ command: 'claim' }));
  $('release').addEventListener('click', () => send({ command: 'release' }));
  connect();
})();
