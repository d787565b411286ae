// A message in place of content: an error (in the server's words), an empty result, a hint.
import { h } from '../dom.js';

/** kind: 'error' (announced at once) or 'info'; action: { label, onclick } or { label, href }. */
export function message({ kind = 'info', title, detail, action }) {
  return h('div', { class: `message message-${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    h('p', { class: 'message-title' }, title),
    detail && h('p', { class: 'message-detail' }, detail),
    action && (action.href
      ? h('a', { class: 'button', href: action.href }, action.label)
      : h('button', { class: 'button', type: 'button', onclick: action.onclick }, action.label)),
  );
}

/** A message for a failed request: ApiError's title and detail, anything else as a generic failure. */
export function errorMessage(error, action) {
  return message({
    kind: 'error',
    title: error.title ?? 'Something went wrong',
    detail: error.detail ?? (error.title ? '' : 'Please try again.'),
    action,
  });
}
