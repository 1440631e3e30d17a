// Full screen for the whole page, so the controls come along and lie over the picture; where the
// browser offers no full screen (iPhone Safari) the button is not shown.

export function fullscreenButton(button) {
  const root = document.documentElement;
  if (typeof root.requestFullscreen !== 'function' || document.fullscreenEnabled === false) {
    return;
  }
  button.hidden = false;
  button.addEventListener('click', () => {
    if (document.fullscreenElement) {
      document.exitFullscreen().catch(() => {});
    } else {
      root.requestFullscreen({ navigationUI: 'hide' }).catch(() => {});
    }
  });
  document.addEventListener('fullscreenchange', () => {
    const full = !!document.fullscreenElement;
    document.body.classList.toggle('fullscreen', full);
    button.textContent = full ? 'Leave full screen' : 'Full screen';
  });
}
