// The picture area's own state: whether a camera shows (then the arena drawing is a small map over
// it, which the viewer may hide), and a sentence in place of a picture while there is none.

export class Screen {
  constructor(element) {
    this.element = element;
    this.note = element.querySelector('#screen-note');
    this.stats = element.querySelector('.video-stats');
    this.canvas = element.querySelector('#video');
    this.mapToggle = element.querySelector('#map-toggle');
    this.mapToggle.addEventListener('click', () => {
      const hide = !element.classList.contains('map-hidden');
      element.classList.toggle('map-hidden', hide);
      this.mapToggle.setAttribute('aria-pressed', String(!hide));
    });
    this.video = false;
  }

  /** Pictures started (true) or stopped (false). */
  shown(yes) {
    this.video = yes;
    this.canvas.hidden = !yes;
    this.stats.hidden = !yes;
    this.mapToggle.hidden = !yes;
    this.element.classList.toggle('has-video', yes);
    document.body.classList.toggle('has-video', yes);
    this.refresh();
  }

  /** What to say while there is no picture: '' once the arena or a camera shows. */
  say(text) {
    this.waiting = text;
    this.refresh();
  }

  refresh() {
    const arenaShown = !this.element.querySelector('#arena').hasAttribute('hidden');
    const text = this.video || arenaShown ? '' : this.waiting;
    this.note.textContent = text || '';
    this.note.hidden = !text;
  }
}
