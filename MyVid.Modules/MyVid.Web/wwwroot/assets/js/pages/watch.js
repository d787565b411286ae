// Watch: a stored or remote video (type HTTP) in a <video> at its signed URL, or a live stream's player;
// title, duration and description, and more videos to watch next.
import { getVideo, listVideos } from '../api.js';
import { h, setTitle, loadStyles } from '../dom.js';
import { formatDuration, isoDuration } from '../format.js';
import { videoCard } from '../components/video-card.js';
import { message, errorMessage } from '../components/message.js';
import { livePlayer } from '../components/live-player.js';

function hostOf(url) {
  try {
    const parsed = new URL(url, location.href);
    return parsed.origin === location.origin ? null : parsed.hostname;
  } catch {
    return null;
  }
}

function videoPlayer(video) {
  const element = h('video', { controls: true, playsinline: true, preload: 'metadata', src: video.url, poster: video.preview });
  const note = h('p', { class: 'player-note', role: 'status' });
  element.addEventListener('error', () => {
    const host = hostOf(video.url);
    note.textContent = host
      ? `The video could not be loaded from ${host}. It may be unreachable from here; try again later.`
      : 'The video could not be loaded. Its link may have expired: reload the page to get a fresh one.';
  });
  return h('div', { class: 'player' }, element, note);
}

/** The title and what is known of the video; a live stream's badge is on its player. */
function details(video) {
  const duration = formatDuration(video.duration);
  const host = video.type === 'HTTP' ? hostOf(video.url) : null;
  return h('div', { class: 'watch-info' },
    h('h1', { class: 'watch-title' }, video.title || 'Untitled video'),
    h('p', { class: 'watch-meta' },
      duration && h('time', { datetime: isoDuration(video.duration) }, duration),
      host && h('span', {}, `from ${host}`)),
    video.description && h('p', { class: 'watch-description' }, video.description));
}

async function moreVideos(aside, id, signal) {
  try {
    const videos = (await listVideos({ type: 'HTTP' }, signal)).filter((v) => v.id !== id).slice(0, 8);
    if (videos.length > 0) {
      aside.append(h('h2', {}, 'More to watch'), h('div', { class: 'up-next' }, videos.map((v) => videoCard(v))));
    }
  } catch {
    // Suggestions are a bonus: the video itself is what the page is for.
  }
}

export async function render(outlet, { params, signal }) {
  setTitle('Video');
  let video;
  try {
    video = await getVideo(params.id, signal);
  } catch (error) {
    if (error.name === 'AbortError') return;
    if (error.status === 404) {
      setTitle('Video not found');
      outlet.append(h('h1', {}, 'Video not found'),
        message({ kind: 'error', title: error.detail || 'There is no video at this address.', detail: 'It may have been removed, or the link is mistyped.', action: { label: 'Find videos', href: '/' } }));
    } else {
      outlet.append(h('h1', {}, 'This video cannot be shown'), errorMessage(error, { label: 'Try again', href: location.pathname }));
    }
    return;
  }
  setTitle(video.title);
  if (video.type === 'WebRTC') await loadStyles('/assets/css/live.css');
  const player = video.type === 'WebRTC' ? livePlayer(video, signal) : videoPlayer(video);
  const aside = h('aside', { class: 'watch-aside', 'aria-label': 'More to watch' });
  outlet.append(h('div', { class: 'watch' }, h('div', { class: 'watch-main' }, player, details(video)), aside));
  await moreVideos(aside, video.id, signal);
}
