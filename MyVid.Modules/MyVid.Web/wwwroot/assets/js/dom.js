// Builds elements. Children that are strings become text nodes: server text is never parsed as HTML.

/**
 * h('a', { href: '/', class: 'x', onclick: fn }, 'text', child)
 * Attributes: `class`, `on<event>` listeners, booleans (true sets an empty attribute), the rest as attributes.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value == null || value === false) continue;
    if (name === 'class') element.className = value;
    else if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...children.flat(Infinity).filter((c) => c != null && c !== false));
  return element;
}

export function setTitle(text) {
  document.title = text ? `${text} – MyVid` : 'MyVid';
}

/** Styles only some pages need, loaded the first time one of them is shown (resolves when they apply). */
export function loadStyles(...hrefs) {
  return Promise.all(hrefs.map((href) => {
    if (document.querySelector(`link[href="${href}"]`)) return null;
    return new Promise((resolve) => document.head.append(h('link', { rel: 'stylesheet', href, onload: resolve, onerror: resolve })));
  }));
}
