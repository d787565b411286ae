// A path the client does not know (the server answered it with 404 and this shell).
import { h, setTitle } from '../dom.js';
import { message } from '../components/message.js';

export function render(outlet) {
  setTitle('Page not found');
  outlet.append(
    h('h1', {}, 'Page not found'),
    message({ title: 'There is no page at this address.', detail: 'Search for a video, or start from the home page.', action: { label: 'Go home', href: '/' } }));
}
