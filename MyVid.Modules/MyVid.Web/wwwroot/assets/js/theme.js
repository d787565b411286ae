// Light and dark themes: the system's choice until the toggle is used, then the remembered one
// (theme-init.js applies it before the first paint).

const key = 'myvid.theme';
const systemDark = matchMedia('(prefers-color-scheme: dark)');
const root = document.documentElement;

const current = () => root.dataset.theme ?? (systemDark.matches ? 'dark' : 'light');

export function startThemeToggle(button) {
  const sync = () => button.setAttribute('aria-pressed', String(current() === 'dark'));
  button.addEventListener('click', () => {
    const next = current() === 'dark' ? 'light' : 'dark';
    root.dataset.theme = next;
    try {
      localStorage.setItem(key, next);
    } catch { /* not remembered, still applied */ }
    sync();
  });
  systemDark.addEventListener('change', sync);
  sync();
}
