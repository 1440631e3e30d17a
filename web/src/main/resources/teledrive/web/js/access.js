// Where the server asks for a code (a token): a prompt, and the code kept in this tab's session
// storage only (never in the URL, never in local storage), sent again by itself after a
// reconnection. A wrong code is called wrong; a lockout (too many wrong codes from this network)
// is not: it says how long to wait, counts down, and tries the kept code again when it ends.

import { errorSentence, lockoutSeconds } from './words.js';

const KEY = 'teledrive.token';
export const AUTH_ID = 'auth';

export class AccessPrompt {
  /**
   * @param send sends a message to the server
   * @param onChange told whether the connection is now authenticated (or needs no code)
   */
  constructor({ send, onChange }) {
    this.send = send;
    this.onChange = onChange;
    this.form = document.getElementById('auth');
    this.input = document.getElementById('token');
    this.submitButton = this.form.querySelector('button[type=submit]');
    this.note = document.getElementById('auth-note');
    this.countdown = null;
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      const token = this.input.value.trim();
      if (token && !this.countdown) {
        sessionStorage.setItem(KEY, token);
        this.input.value = '';
        this.authenticate(token);
      }
    });
  }

  hello(message) {
    this.stopCountdown();
    if (message.auth !== 'required') {
      this.form.hidden = true;
      this.onChange(true);
      return;
    }
    this.onChange(false);
    const token = sessionStorage.getItem(KEY);
    if (token) {
      this.form.hidden = true;
      this.authenticate(token);
    } else {
      this.ask('');
    }
  }

  /** Handles a refusal of our auth, or an unauthorized anything; says whether it was one. */
  error(message) {
    if (message.id !== AUTH_ID && message.code !== 'unauthorized') {
      return false;
    }
    if (message.id === AUTH_ID && message.code === 'rate_limited') {
      // The code may be right: keep it, and try it again once the lockout ends.
      this.lockedOut(lockoutSeconds(message) || 1);
      return true;
    }
    if (message.id === AUTH_ID) {
      sessionStorage.removeItem(KEY);
    }
    this.ask(errorSentence(message.code, message.id === AUTH_ID ? 'auth' : ''));
    return true;
  }

  /** Handles the ack of our auth; says whether it was one. */
  ack(message) {
    if (message.id !== AUTH_ID) {
      return false;
    }
    this.form.hidden = true;
    this.note.textContent = '';
    this.onChange(true);
    return true;
  }

  authenticate(token) {
    this.send({ command: 'auth', token, id: AUTH_ID });
  }

  ask(sentence) {
    this.form.hidden = false;
    this.note.textContent = sentence;
    if (!this.countdown) {
      this.input.focus();
    }
  }

  lockedOut(seconds) {
    this.stopCountdown();
    const ends = Date.now() + seconds * 1000;
    this.form.hidden = false;
    this.input.disabled = true;
    this.submitButton.disabled = true;
    const tick = () => {
      const left = Math.ceil((ends - Date.now()) / 1000);
      if (left > 0) {
        this.note.textContent = `Too many wrong codes came from your network. `
          + `Wait ${left} s, then try again: a right code works again after that.`;
        return;
      }
      this.stopCountdown();
      const token = sessionStorage.getItem(KEY);
      if (token) {
        this.note.textContent = 'Trying your code again\u2026';
        this.authenticate(token);
      } else {
        this.ask('You can enter the code again now.');
      }
    };
    this.countdown = setInterval(tick, 1000);
    tick();
  }

  stopCountdown() {
    clearInterval(this.countdown);
    this.countdown = null;
    this.input.disabled = false;
    this.submitButton.disabled = false;
  }
}
