// A video in a grid or a result list: preview, title (the link), description; search words marked.
import { h } from '../dom.js';
import { highlighted, snippet } from '../highlight.js';
import { thumbnail } from './thumbnail.js';

export const watchUrl = (id) => `/watch/${encodeURIComponent(id)}`;

/** `words`: folded search words to mark (searchWords(query)); `headingLevel`: the title's heading. */
export function videoCard(video, { words = [], headingLevel = 3 } = {}) {
  const title = video.title || 'Untitled video';
  const description = snippet(video.description, words);
  return h('article', { class: 'card' },
    thumbnail(video),
    h('div', { class: 'card-body' },
      h(`h${headingLevel}`, { class: 'card-title' }, h('a', { href: watchUrl(video.id) }, highlighted(title, words))),
      description && h('p', { class: 'card-description' }, highlighted(description, words)),
    ),
  );
}
