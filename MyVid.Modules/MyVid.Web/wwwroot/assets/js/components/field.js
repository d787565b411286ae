// A labelled form control with an optional hint and an error message, both tied to it for screen readers.
import { h } from '../dom.js';

/** { root, control, hint, setError(text | null) }; `hint`: null for none, '' for one filled in later. */
export function field(id, label, control, hint) {
  const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  const hintElement = hint == null ? null : h('p', { class: 'field-hint', id: `${id}-hint` }, hint);
  control.id = id;
  control.setAttribute('aria-describedby', [hintElement?.id, error.id].filter(Boolean).join(' '));
  return {
    root: h('div', { class: 'field' }, h('label', { for: id }, label), control, hintElement, error),
    control,
    hint: hintElement,
    setError(text) {
      error.textContent = text ?? '';
      error.hidden = !text;
      if (text) control.setAttribute('aria-invalid', 'true');
      else control.removeAttribute('aria-invalid');
    },
  };
}
