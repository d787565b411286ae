// Marks the searched words in text, ignoring case and accents as the server's search does ("resume" finds
// "Résumé"). Words match as prefixes of words, like the search. Builds text nodes and <mark>s: never HTML.
import { h } from './dom.js';

const wordPattern = /[\p{L}\p{N}\p{M}]+/gu;
const letterOrDigit = /[\p{L}\p{N}]/u;

/** Folds one character for comparison: lower case, accents removed ("É" → "e"). */
const foldChar = (ch) => ch.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');

/** The query's words, folded; one-letter words are left out as the server leaves them out. */
export function searchWords(query) {
  const words = (query ?? '').match(wordPattern) ?? [];
  return [...new Set(words.map((w) => [...w].map(foldChar).join('')).filter((w) => w.length > 1))];
}

/**
 * The folded text and, for each folded character, the range [start, end) of the original it came from.
 * A character that folds to nothing (a combining accent) joins the range of the character before it.
 */
function fold(text) {
  let folded = '';
  const starts = [];
  const ends = [];
  let index = 0;
  let groupStart = 0;
  for (const ch of text) {
    const f = foldChar(ch);
    if (f === '') {
      for (let k = groupStart; k < ends.length; k++) ends[k] = index + ch.length;
    } else {
      groupStart = starts.length;
      for (let k = 0; k < f.length; k++) {
        starts.push(index);
        ends.push(index + ch.length);
      }
      folded += f;
    }
    index += ch.length;
  }
  return { folded, starts, ends };
}

/** Ranges [start, end) of the original text where a word of the query begins a word of the text, merged. */
export function matchRanges(text, words) {
  if (!text || words.length === 0) return [];
  const { folded, starts, ends } = fold(text);
  const ranges = [];
  for (const word of words) {
    for (let at = folded.indexOf(word); at >= 0; at = folded.indexOf(word, at + 1)) {
      if (at > 0 && letterOrDigit.test(folded[at - 1])) continue;
      ranges.push([starts[at], ends[at + word.length - 1]]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}

/** Text and <mark> nodes for `text` with the query's words marked. */
export function highlighted(text, words) {
  const nodes = [];
  let at = 0;
  for (const [start, end] of matchRanges(text, words)) {
    if (start > at) nodes.push(text.slice(at, start));
    nodes.push(h('mark', {}, text.slice(start, end)));
    at = end;
  }
  if (at < text.length) nodes.push(text.slice(at));
  return nodes;
}

/** A part of a long text around its first match, so the match is visible in a clamped snippet. */
export function snippet(text, words, lead = 60) {
  const first = matchRanges(text, words)[0];
  if (!first || first[0] <= lead) return text;
  const cut = text.lastIndexOf(' ', first[0] - lead);
  return '…' + text.slice(cut > 0 ? cut + 1 : first[0] - lead);
}
