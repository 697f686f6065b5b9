// The time-up chime on the facilitator's laptop and the projector, with mute.
//
// Browsers allow sound only after someone has pressed something on the page, so the chime
// is armed by the first click or key press; "muted" is remembered per device.

const KEY = "paja:muted";
let context = null;

export function muted() {
  try {
    return localStorage.getItem(KEY) === "1";
  } catch {
    return false;
  }
}

export function setMuted(value) {
  try {
    if (value) localStorage.setItem(KEY, "1");
    else localStorage.removeItem(KEY);
  } catch {
    // Storage disabled: the choice lasts for this page.
  }
}

function arm() {
  if (context) return;
  const AudioContext = window.AudioContext || window.webkitAudioContext;
  if (!AudioContext) return;
  context = new AudioContext();
}

for (const name of ["pointerdown", "keydown"]) {
  window.addEventListener(name, arm, { once: true, capture: true });
}

// Three soft rising tones, about a second in all. Returns whether it could play.
export function chime() {
  if (muted() || !context) return false;
  if (context.state === "suspended") context.resume();
  const start = context.currentTime + 0.05;
  [660, 880, 990].forEach((frequency, index) => {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = "sine";
    oscillator.frequency.value = frequency;
    const at = start + index * 0.28;
    gain.gain.setValueAtTime(0, at);
    gain.gain.linearRampToValueAtTime(0.25, at + 0.03);
    gain.gain.exponentialRampToValueAtTime(0.001, at + 0.5);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(at);
    oscillator.stop(at + 0.55);
  });
  return true;
}

// Watch a session's timer and chime once when it reaches zero. `remaining` gives seconds
// left (or null); call the returned function on every tick.
export function timeUpWatcher(onTimeUp) {
  let armedFor = null;
  return (timerKey, left, running) => {
    if (!running || left === null) {
      armedFor = null;
      return;
    }
    if (left > 0) armedFor = timerKey;
    else if (armedFor === timerKey) {
      armedFor = null;
      chime();
      onTimeUp?.();
    }
  };
}
