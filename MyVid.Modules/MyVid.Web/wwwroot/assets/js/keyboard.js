// Keyboard shortcuts: "/" focuses the search box from anywhere but a text field.

const isTyping = (element) =>
  element?.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element?.tagName);

export function startShortcuts(searchInput) {
  document.addEventListener('keydown', (event) => {
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || isTyping(document.activeElement)) return;
    event.preventDefault();
    searchInput.focus();
    searchInput.select();
  });
}
