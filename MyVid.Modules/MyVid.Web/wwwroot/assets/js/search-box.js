// The header's search box. Typing searches as you type (debounced): the words go into the URL
// (/search?q=...), which the search page follows; the first keystroke away from it adds a history entry,
// later ones replace it, so Back leaves the search in one step.
import { navigate, onNavigate } from './router.js';

const debounceMs = 250;

const searchUrl = (text) => (text.trim() ? `/search?q=${encodeURIComponent(text.trim())}` : '/search');

export function startSearchBox(form, input) {
  let timer = 0;
  const onSearchPage = () => location.pathname === '/search';
  const go = (replace) => {
    clearTimeout(timer);
    const url = searchUrl(input.value);
    if (onSearchPage() && url === location.pathname + location.search) return;
    navigate(url, { replace: replace && onSearchPage(), focus: false });
  };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => go(true), debounceMs);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    go(false);
  });
  // Back, forward and links show their own search words.
  onNavigate((url) => {
    clearTimeout(timer);
    const words = url.pathname === '/search' ? url.searchParams.get('q') ?? '' : '';
    if (input.value.trim() !== words.trim()) input.value = words;
  });
}
