// Client-side navigation over the History API: same-origin links draw their page without a reload, back and
// forward work, and each page gets an AbortSignal that fires when it is left.

let table = [];
let fallback = null;
let outlet = null;
let shown = null; // { route, module, controller }
let generation = 0; // the latest navigation; an earlier one still loading its module gives way
const listeners = [];

function compile(path) {
  const names = [];
  const source = path.replace(/:(\w+)/g, (_, name) => {
    names.push(name);
    return '([^/]+)';
  });
  return { regex: new RegExp(`^${source}/?$`), names };
}

function match(pathname) {
  for (const route of table) {
    const found = route.compiled.regex.exec(pathname);
    if (found) {
      const params = Object.fromEntries(route.compiled.names.map((n, i) => [n, decodeURIComponent(found[i + 1])]));
      return { route, params };
    }
  }
  return { route: fallback, params: {} };
}

async function show({ focus }) {
  const mine = ++generation;
  const url = new URL(location.href);
  const { route, params } = match(url.pathname);
  const context = { params, query: url.searchParams, url };
  listeners.forEach((listener) => listener(url, route));
  if (shown && shown.route === route && shown.module.update) {
    shown.module.update(context);
    return;
  }
  const module = await route.load();
  if (mine !== generation) return;
  shown?.controller.abort();
  const controller = new AbortController();
  shown = { route, module, controller };
  outlet.replaceChildren();
  outlet.setAttribute('aria-busy', 'true');
  try {
    await module.render(outlet, { ...context, signal: controller.signal });
  } finally {
    outlet.removeAttribute('aria-busy');
  }
  if (focus) outlet.focus({ preventScroll: true });
}

/** Goes to a same-origin URL; `replace` edits the current history entry (typing a search), `focus` moves to the page. */
export function navigate(href, { replace = false, focus = !replace } = {}) {
  const url = new URL(href, location.href);
  if (url.href === location.href && !focus) return;
  history[replace ? 'replaceState' : 'pushState'](null, '', url);
  if (!replace) window.scrollTo(0, 0);
  show({ focus });
}

/** Called with (url, route) on every navigation: the header's navigation and search box follow the page. */
export function onNavigate(listener) {
  listeners.push(listener);
}

function isPlainClick(event) {
  return event.button === 0 && !event.defaultPrevented && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}

export function startRouter(routes, notFoundRoute, main) {
  table = routes.map((route) => ({ ...route, compiled: compile(route.path) }));
  fallback = notFoundRoute;
  outlet = main;
  document.addEventListener('click', (event) => {
    const link = event.target.closest?.('a[href]');
    if (!link || !isPlainClick(event) || link.target || link.hasAttribute('download')) return;
    const url = new URL(link.href);
    if (url.origin !== location.origin || url.pathname.startsWith('/API/') || url.pathname.startsWith('/assets/')) return;
    event.preventDefault();
    navigate(url.href);
  });
  window.addEventListener('popstate', () => show({ focus: false }));
  return show({ focus: false });
}
