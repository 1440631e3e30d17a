// Where the server asks for a token: a prompt, and the token kept in this tab's session storage
// only (never in the URL, never in local storage), sent again by itself after a reconnection.

const KEY = 'teledrive.token';
const AUTH_ID = 'auth';

export class AccessPrompt {
  constructor({ send, say }) {
    this.send = send;
    this.say = say;
    this.form = document.getElementById('auth');
    this.input = document.getElementById('token');
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      const token = this.input.value.trim();
      if (token) {
        sessionStorage.setItem(KEY, token);
        this.input.value = '';
        this.authenticate(token);
      }
    });
  }

  hello(message) {
    if (message.auth !== 'required') {
      this.form.hidden = true;
      return;
    }
    const token = sessionStorage.getItem(KEY);
    if (token) {
      this.authenticate(token);
    } else {
      this.ask();
    }
  }

  /** Handles the reply to our auth; says whether it was one. */
  error(message) {
    if (message.id !== AUTH_ID && message.code !== 'unauthorized') {
      return false;
    }
    sessionStorage.removeItem(KEY);
    this.ask();
    this.say(message.id === AUTH_ID ? 'That token is not right; try again.' : message.message);
    return true;
  }

  /** Handles the ack of our auth; says whether it was one. */
  ack(message) {
    if (message.id !== AUTH_ID) {
      return false;
    }
    this.form.hidden = true;
    return true;
  }

  authenticate(token) {
    this.send({ command: 'auth', token, id: AUTH_ID });
  }

  ask() {
    this.form.hidden = false;
    this.input.focus();
  }
}
