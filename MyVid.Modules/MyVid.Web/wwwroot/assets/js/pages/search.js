// Search: results for the URL's ?q= (the header's box writes it as the user types), a page at a time.
// Each new query aborts the one before, and an answer that is not for the latest query is dropped.
import { listVideos } from '../api.js';
import { h, setTitle } from '../dom.js';
import { searchWords } from '../highlight.js';
import { videoCard } from '../components/video-card.js';
import { message, errorMessage } from '../components/message.js';

const pageSize = 12;

let view = null; // the elements of the shown page and its running request

function resultCount(count, more) {
  if (count === 0) return '';
  return `${count}${more ? '+' : ''} ${count === 1 ? 'video' : 'videos'}`;
}

async function runQuery(query) {
  const state = { query, page: 0, count: 0, controller: new AbortController() };
  view.state?.controller.abort();
  view.state = state;
  const words = searchWords(query);
  const { heading, status, list, note, more } = view;
  const shown = query.length > 80 ? `${query.slice(0, 80)}…` : query;
  setTitle(query ? `${shown} – Search` : 'Search');
  heading.textContent = query ? `Results for “${shown}”` : 'Search';
  list.replaceChildren();
  note.replaceChildren();
  more.hidden = true;
  status.textContent = '';
  if (!query.trim()) {
    note.append(message({ title: 'Type in the search box to find videos.', detail: 'Titles, descriptions, speakers and tags are searched. Press / to get there.' }));
    return;
  }
  if (words.length === 0) {
    // The server ignores one-letter words and would answer a random selection: say so instead.
    note.append(message({ title: 'Keep typing…', detail: 'Words of two letters or more are searched.' }));
    return;
  }

  const loadPage = async () => {
    more.disabled = true;
    view.outlet.setAttribute('aria-busy', 'true');
    try {
      const videos = await listVideos({ search: query, page: state.page + 1, pageSize }, state.controller.signal);
      if (view?.state !== state) return;
      state.page += 1;
      state.count += videos.length;
      list.append(...videos.map((v) => h('li', {}, videoCard(v, { words, headingLevel: 2 }))));
      const hasMore = videos.length === pageSize;
      more.hidden = !hasMore;
      status.textContent = resultCount(state.count, hasMore);
      if (state.count === 0) {
        note.append(message({ title: `No videos match “${query}”.`, detail: 'Check the spelling, or try fewer or other words.' }));
      }
    } catch (error) {
      if (error.name === 'AbortError' || view?.state !== state) return;
      // Worth retrying when the server or the network failed, not when it refused the words.
      const retry = error.status === 0 || error.status >= 500
        ? { label: 'Try again', onclick: () => { note.replaceChildren(); loadPage(); } } : undefined;
      note.append(errorMessage(error, retry));
    } finally {
      if (view?.state === state) {
        more.disabled = false;
        view.outlet.removeAttribute('aria-busy');
      }
    }
  };
  state.loadPage = loadPage;
  await loadPage();
}

export async function render(outlet, { query, signal }) {
  const heading = h('h1', {}, 'Search');
  const status = h('p', { class: 'result-count', role: 'status' });
  const list = h('ol', { class: 'results', 'aria-labelledby': 'results-heading' });
  heading.id = 'results-heading';
  const note = h('div', { class: 'results-note' });
  const more = h('button', { class: 'button more', type: 'button', hidden: true }, 'More results');
  more.addEventListener('click', () => view.state?.loadPage());
  outlet.append(h('div', { class: 'section-head' }, heading, status), list, note, more);
  view = { outlet, heading, status, list, note, more, state: null };
  signal.addEventListener('abort', () => {
    view?.state?.controller.abort();
    view = null;
  });
  await runQuery(query.get('q') ?? '');
}

/** A new ?q= while the page is shown (typing, back, forward). */
export function update({ query }) {
  const q = query.get('q') ?? '';
  if (view && q !== view.state?.query) runQuery(q);
}
