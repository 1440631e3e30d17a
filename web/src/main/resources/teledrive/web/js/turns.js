// The turn as the driver and the waiting see it: a countdown of the current turn, the place in
// line with a guess at the wait, and a clear moment when one's own turn starts (a banner, and a
// short vibration and tone where the browser allows them).

export class Turns {
  constructor(element) {
    this.element = element;
    this.place = null;
    this.turnSeconds = 0;
    this.ticker = null;
    this.audio = null;
  }

  /** The server's turn settings, from hello. */
  settings(turns) {
    this.turnSeconds = turns && typeof turns.seconds === 'number' ? turns.seconds : 0;
  }

  /** The connection's place from hello or state. */
  update(role, queue, turnEndsAt) {
    const before = this.place ? this.place.role : null;
    this.place = { role, queue: queue || { position: 0, length: 0 }, turnEndsAt };
    if (role === 'driver' && before === 'queued') {
      this.yourTurn();
    }
    clearInterval(this.ticker);
    this.show();
    if (turnEndsAt) {
      this.ticker = setInterval(() => this.show(), 1000);
    }
  }

  show() {
    const p = this.place;
    const left = p.turnEndsAt ? Math.max(0, Math.round((p.turnEndsAt - Date.now()) / 1000)) : null;
    if (p.role === 'driver') {
      this.element.textContent = left === null ? '' : `Your turn ends in ${clock(left)}.`;
    } else if (p.role === 'queued') {
      let text = `You are number ${p.queue.position} of ${p.queue.length} in line.`;
      if (left !== null) {
        const wait = left + (p.queue.position - 1) * this.turnSeconds;
        text += ` Your turn in about ${clock(wait)}.`;
      }
      this.element.textContent = text;
    } else {
      this.element.textContent = p.queue.length > 0 ? `${p.queue.length} waiting for a turn.` : '';
    }
  }

  yourTurn() {
    document.body.classList.add('your-turn');
    setTimeout(() => document.body.classList.remove('your-turn'), 2500);
    // Browsers refuse to buzz or sound for a page nobody has touched yet (and say so in the console):
    // then the banner alone tells.
    if (navigator.userActivation && !navigator.userActivation.hasBeenActive) {
      return;
    }
    if (navigator.vibrate) {
      navigator.vibrate([120, 60, 120]);
    }
    try {
      this.audio = this.audio || new AudioContext();
      const tone = this.audio.createOscillator();
      const gain = this.audio.createGain();
      tone.frequency.value = 660;
      gain.gain.setValueAtTime(0.08, this.audio.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.0001, this.audio.currentTime + 0.35);
      tone.connect(gain).connect(this.audio.destination);
      tone.start();
      tone.stop(this.audio.currentTime + 0.35);
    } catch (e) {
      // no sound where the browser does not allow it: the banner and the text still say it
    }
  }
}

function clock(seconds) {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}
