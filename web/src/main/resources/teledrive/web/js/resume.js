// A reloaded page, or one whose connection dropped, takes its seat or queue place back
// (PROTOCOL.md, "Resume"): the resume token of the last hello is kept in this tab's session
// storage only, and offered once on the next connection, right after the token auth if any
// (the server handles messages in order, so the auth is done when the resume is read).

const KEY = 'teledrive.resume';
const RESUME_ID = 'resume';

export class Resume {
  constructor(send) {
    this.send = send;
  }

  /** On every hello: offers the previous connection's token, keeps this one's. */
  hello(message) {
    const previous = sessionStorage.getItem(KEY);
    if (message.resume) {
      sessionStorage.setItem(KEY, message.resume);
    } else {
      sessionStorage.removeItem(KEY);
    }
    if (previous && previous !== message.resume) {
      this.send({ command: 'resume', token: previous, id: RESUME_ID });
    }
  }

  /** Whether this is the answer to our resume: nothing held (not_resumable) is not worth a word. */
  answer(message) {
    return message.id === RESUME_ID;
  }
}
