// A preview image over a coloured placeholder. The image loads lazily and shows only once loaded, so a
// preview that fails or never arrives (an unreachable CDN) leaves the placeholder, never a broken image.
import { h } from '../dom.js';
import { formatDuration, isoDuration, hueOf } from '../format.js';

export function thumbnail(video) {
  const box = h('div', { class: video.type === 'WebRTC' ? 'thumb thumb-live' : 'thumb' });
  box.style.setProperty('--hue', hueOf(video.id));
  if (video.preview) {
    const image = h('img', { src: video.preview, alt: '', loading: 'lazy', decoding: 'async' });
    image.addEventListener('load', () => box.classList.add('loaded'), { once: true });
    image.addEventListener('error', () => image.remove(), { once: true });
    box.append(image);
  }
  if (video.type === 'WebRTC') {
    box.append(h('span', { class: 'badge live-badge' }, 'Live'));
  } else if (formatDuration(video.duration)) {
    box.append(h('time', { class: 'badge duration', datetime: isoDuration(video.duration) }, formatDuration(video.duration)));
  }
  return box;
}
