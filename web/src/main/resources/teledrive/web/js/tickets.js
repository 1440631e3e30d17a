// Video tickets, asked for over /ws where access control is on, so a token never goes into a URL:
// each request carries its own id and waits for the matching ticket or error.

export class Tickets {
  constructor(send) {
    this.send = send;
    this.waiting = new Map();
    this.count = 0;
  }

  /** A Promise of a fresh ticket. */
  request() {
    const id = 'ticket-' + ++this.count;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      if (!this.send({ command: 'ticket', id })) {
        this.waiting.delete(id);
        reject(new Error('not connected'));
      }
    });
  }

  /** Handles a server message; says whether it answered one of our requests. */
  answer(message) {
    const request = this.waiting.get(message.id);
    if (!request || (message.type !== 'ticket' && message.type !== 'error')) {
      return false;
    }
    this.waiting.delete(message.id);
    if (message.type === 'ticket') {
      request.resolve(message.ticket);
    } else {
      request.reject(new Error(message.message));
    }
    return true;
  }

  /** The connection dropped: no answer will come. */
  dropAll() {
    this.waiting.forEach((request) => request.reject(new Error('disconnected')));
    this.waiting.clear();
  }
}
