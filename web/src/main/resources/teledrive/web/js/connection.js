// The WebSocket to /ws on whatever host served the page (wss: under https:), with automatic
// reconnection and a ping every second for the round-trip readout.

const PING_MS = 1000;
const MIN_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 10000;

export class Connection {
  constructor({ onMessage, onStatus, onLatency, onOpen }) {
    this.url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws';
    this.onMessage = onMessage;
    this.onStatus = onStatus;
    this.onLatency = onLatency;
    this.onOpen = onOpen;
    this.backoff = MIN_BACKOFF_MS;
    this.socket = null;
    this.pinger = null;
  }

  connect() {
    this.onStatus(this.socket ? 'reconnecting' : 'connecting');
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.backoff = MIN_BACKOFF_MS;
      this.onStatus('connected');
      this.onOpen();
      this.ping();
      this.pinger = setInterval(() => this.ping(), PING_MS);
    });
    socket.addEventListener('message', (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch (e) {
        return; // the server only sends JSON; ignore anything else rather than break the page
      }
      if (message.type === 'pong' && typeof message.t === 'number') {
        this.onLatency(performance.now() - message.t);
      } else {
        this.onMessage(message);
      }
    });
    socket.addEventListener('close', () => {
      clearInterval(this.pinger);
      this.onLatency(null);
      this.onStatus(navigator.onLine === false ? 'offline' : 'reconnecting');
      setTimeout(() => this.connect(), this.backoff);
      this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
    });
  }

  /** Sends a message if connected; says whether it went. */
  send(message) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify(message));
      return true;
    }
    return false;
  }

  ping() {
    this.send({ command: 'ping', t: performance.now() });
  }
}
