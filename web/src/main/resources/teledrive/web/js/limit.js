// The driver's top speed: a slider from 10 to 100 % that scales the throttle of every input, kept
// for this tab only (session storage), as a learner's or a crowded room's setting should be.

const KEY = 'teledrive.speedLimit';

export function speedLimit(box, drive) {
  const input = box.querySelector('input');
  const output = box.querySelector('output');
  const apply = () => {
    const percent = Number(input.value);
    output.textContent = `${percent} %`;
    drive.setLimit(percent / 100);
  };
  const stored = Number(sessionStorage.getItem(KEY));
  if (stored >= 10 && stored <= 100) {
    input.value = String(stored);
  }
  apply();
  input.addEventListener('input', () => {
    sessionStorage.setItem(KEY, input.value);
    apply();
  });
  return { shown: (yes) => { box.hidden = !yes; } };
}
