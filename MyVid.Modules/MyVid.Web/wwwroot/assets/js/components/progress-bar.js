// A labelled progress bar for one file: percentage, bytes, speed and time left, with progressbar semantics.
import { h } from '../dom.js';
import { formatBytes } from '../format.js';

let count = 0;
const windowMs = 4000; // speed over the last few seconds: steady, yet quick to follow a change

function timeLeft(seconds) {
  if (!Number.isFinite(seconds)) return '';
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s left`;
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `${minutes} min left` : `${Math.floor(minutes / 60)} h ${minutes % 60} min left`;
}

export function progressBar(label, total) {
  const id = `progress-${++count}`;
  const fill = h('span', { class: 'progress-fill' });
  const bar = h('div', {
    class: 'progress-track', role: 'progressbar', 'aria-labelledby': id,
    'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': 0,
  }, fill);
  const stats = h('span', { class: 'progress-stats' });
  const root = h('div', { class: 'progress' },
    h('div', { class: 'progress-head' }, h('span', { class: 'progress-label', id }, label), stats), bar);
  let samples = [];
  let shown = 0;

  const show = (percent, text, state) => {
    shown = percent;
    fill.style.width = `${percent}%`;
    bar.setAttribute('aria-valuenow', String(percent));
    bar.setAttribute('aria-valuetext', text);
    stats.textContent = text;
    root.dataset.state = state;
  };

  /** bytes: how many the store has or is receiving now. */
  const update = (bytes) => {
    const now = performance.now();
    if (samples.length && bytes < samples.at(-1).bytes) samples = []; // a part started again
    samples.push({ now, bytes });
    while (samples.length > 2 && now - samples[0].now > windowMs) samples.shift();
    const first = samples[0];
    const speed = now - first.now > 300 ? ((bytes - first.bytes) * 1000) / (now - first.now) : NaN;
    const percent = total ? Math.floor((bytes / total) * 100) : 100;
    const parts = [`${percent} %`, `${formatBytes(bytes)} of ${formatBytes(total)}`];
    if (speed > 0 && bytes < total) parts.push(`${formatBytes(speed)}/s`, timeLeft((total - bytes) / speed));
    show(percent, parts.join(' · '), 'active');
  };

  return {
    root,
    update,
    reset: () => { samples = []; },
    done: (text = `100 % · ${formatBytes(total)} sent`) => show(100, text, 'done'),
    fail: () => {
      samples = [];
      show(shown, `Stopped at ${shown} %`, 'failed');
    },
  };
}
