// The WebSocket to /ws on whatever host served the page (wss: under https:), with automatic
// reconnection and a ping every second for the round-trip readout.
//
// Reconnection is quick and bounded: tries back off from a quarter second to one second at most,
// so a page is back within a second of its server being ready again, and it tries at once when the
// browser comes back online or the page gets the focus back. Each try waits a little at random on
// top, so a crowd of pages does not knock at the same instant.
//
// Resume (protocol version 3): a hello may carry a resume token. The next connection's hello is
// followed by {"command":"resume","token":...} with the last token, so a seat or a place in line
// held for a short grace survives a dropped connection, and a reload: the token is kept in this
// tab's session storage only. An older server that does not know it answers unknown_command,
// which the page ignores like any refusal of the resume.

const PING_MS = 1000;
const MIN_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 1000;
const JITTER_MS = 150;
export const RESUME_ID = 'resume';
const RESUME_KEY = 'teledrive.resume';

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
    this.retry = null;
    const now = () => this.tryNow();
    window.addEventListener('online', now);
    window.addEventListener('focus', now);
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden) {
        now();
      }
    });
  }

  connect() {
    clearTimeout(this.retry);
    this.retry = null;
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
      if (this.socket !== socket) {
        return;
      }
      clearInterval(this.pinger);
      this.onLatency(null);
      this.onStatus(navigator.onLine === false ? 'offline' : 'reconnecting');
      this.retry = setTimeout(() => this.connect(), this.backoff + Math.random() * JITTER_MS);
      this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
    });
  }

  /** A try right now instead of at the end of the back-off: the network or the user is back. */
  tryNow() {
    if (this.retry !== null && navigator.onLine !== false) {
      this.connect();
    }
  }

  /**
   * The server's hello: asks to resume the previous connection's seat or place where the previous
   * hello offered it, and keeps this hello's token for the next time. Call it once authenticated
   * where access control is on (a resume token alone grants no role).
   */
  resume(hello) {
    const previous = sessionStorage.getItem(RESUME_KEY);
    const current = typeof hello.resume === 'string' ? hello.resume : null;
    if (current) {
      sessionStorage.setItem(RESUME_KEY, current);
    } else {
      sessionStorage.removeItem(RESUME_KEY);
    }
    if (previous && current && previous !== current) {
      this.send({ command: 'resume', token: previous, id: RESUME_ID });
    }
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
