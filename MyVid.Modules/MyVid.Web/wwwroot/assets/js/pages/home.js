// Home: live streams on top (when there are any), then a grid of random videos.
import { listVideos } from '../api.js';
import { h, setTitle } from '../dom.js';
import { videoCard } from '../components/video-card.js';
import { errorMessage } from '../components/message.js';

const placeholders = (count) => Array.from({ length: count }, () => h('div', { class: 'skeleton', 'aria-hidden': 'true' }));

export async function render(outlet, { signal }) {
  setTitle('');
  const live = h('section', { class: 'live-strip', 'aria-labelledby': 'live-heading', hidden: true });
  const grid = h('div', { class: 'grid' }, placeholders(8));
  const shuffle = h('button', { class: 'button button-quiet', type: 'button' }, 'Shuffle');
  const section = h('section', { 'aria-labelledby': 'discover-heading' },
    h('div', { class: 'section-head' }, h('h1', { id: 'discover-heading' }, 'Discover'), shuffle),
    grid);
  outlet.append(live, section);

  // The strip asks for live streams only, so a random selection never hides one; its failure leaves the grid be.
  const loadLive = async () => {
    try {
      const streams = await listVideos({ type: 'WebRTC' }, signal);
      live.hidden = streams.length === 0;
      live.replaceChildren(
        h('h2', { id: 'live-heading' }, h('span', { class: 'live-dot', 'aria-hidden': 'true' }), 'Live now'),
        h('div', { class: 'strip' }, streams.map((v) => videoCard(v))));
    } catch {
      live.hidden = true;
    }
  };
  const load = async () => {
    shuffle.disabled = true;
    try {
      const videos = await listVideos({ type: 'HTTP' }, signal);
      grid.replaceChildren(...videos.map((v) => videoCard(v, { headingLevel: 2 })));
      if (videos.length === 0) {
        grid.replaceChildren(h('p', { class: 'message' }, 'No videos yet.'));
      }
    } catch (error) {
      if (error.name === 'AbortError') return;
      grid.replaceChildren(errorMessage(error, { label: 'Try again', onclick: load }));
    } finally {
      shuffle.disabled = false;
    }
  };
  shuffle.addEventListener('click', load);
  await Promise.all([loadLive(), load()]);
}
