// The header's navigation, drawn from the route table: pages with a `nav` label, the current one marked.
import { h } from './dom.js';
import { onNavigate } from './router.js';

export function startNav(list, routes) {
  const links = routes.filter((r) => r.nav).map((route) => ({ route, link: h('a', { href: route.path }, route.nav) }));
  list.replaceChildren(...links.map(({ link }) => h('li', {}, link)));
  onNavigate((_, shown) => {
    for (const { route, link } of links) {
      if (route === shown || route.path === shown?.path) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
  });
}
