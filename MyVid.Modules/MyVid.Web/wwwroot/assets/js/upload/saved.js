// What it takes to resume a multipart upload after the page was closed or reloaded, kept in localStorage under the
// video file's name, size and modification time: the same file picked again finds it.

const prefix = 'myvid.upload:';
const maxAgeMs = 24 * 3600 * 1000; // the server forgets unpublished uploads after a day (Upload:Expiry)

const keyOf = (file) => `${prefix}${file.name}:${file.size}:${file.lastModified}`;

/** { server, id, token, title, previewName, previewUrl, previewType, previewDone, savedAt } or null. */
export function loadSaved(file) {
  try {
    const state = JSON.parse(localStorage.getItem(keyOf(file)));
    if (state && Date.now() - state.savedAt < maxAgeMs) return state;
    localStorage.removeItem(keyOf(file));
  } catch { /* nothing usable */ }
  return null;
}

export function save(file, state) {
  try {
    localStorage.setItem(keyOf(file), JSON.stringify({ ...state, savedAt: Date.now() }));
  } catch { /* storage full or off: resuming works until the page is left */ }
}

export function forget(file) {
  try {
    localStorage.removeItem(keyOf(file));
  } catch { /* nothing kept */ }
}
