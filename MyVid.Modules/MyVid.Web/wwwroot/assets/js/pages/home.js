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

  const load = async () => {
    shuffle.disabled = true;
    try {
      const videos = await listVideos({}, signal);
      const streams = videos.filter((v) => v.type === 'WebRTC');
      const stored = videos.filter((v) => v.type !== 'WebRTC');
      live.hidden = streams.length === 0;
      live.replaceChildren(
        h('h2', { id: 'live-heading' }, h('span', { class: 'live-dot', 'aria-hidden': 'true' }), 'Live now'),
        h('div', { class: 'strip' }, streams.map((v) => videoCard(v))));
      grid.replaceChildren(...stored.map((v) => videoCard(v, { headingLevel: 2 })));
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
  await load();
}
