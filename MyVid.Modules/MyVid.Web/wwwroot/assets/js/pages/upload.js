// Upload: title, description, a video and an optional preview (picked or dropped), checked before sending; a
// progress bar per file; Resume after a failure (large videos go in parts, and the parts stored are kept, even
// across a reload); then publish and a link to the video.
import { newUpload } from '../api.js';
import { h, setTitle, loadStyles } from '../dom.js';
import { field } from '../components/field.js';
import { formatBytes } from '../format.js';
import { message } from '../components/message.js';
import { progressBar } from '../components/progress-bar.js';
import { check, checkVideo, checkPreview, isImage, maxDescription, videoExtensions, imageExtensions } from '../upload/checks.js';
import { isRetryable } from '../upload/transfer.js';
import { loadSaved, forget } from '../upload/saved.js';
import { run, savedJob } from '../upload/job.js';

const accept = (extensions, types) => [...extensions.map((e) => `.${e}`), ...types].join(',');

/** An error in words: what happened and what to do. `started`: the upload had begun (a 503 is then the store's). */
function describe(error, started) {
  const detail = error.detail || '';
  switch (error.status) {
    case 0: return { title: 'The connection was lost.', detail: 'Check your connection, then resume: what was sent is kept.' };
    case 400: return { title: 'The upload was refused.', detail };
    case 403: return { title: 'The upload link has expired or is not valid.', detail };
    case 404: return { title: 'This upload no longer exists.', detail: 'Unfinished uploads are removed after a while: start again.' };
    case 409: return { title: 'The upload is not complete yet.', detail };
    case 413: return { title: 'The file is too large.', detail };
    case 422: return { title: 'The server did not accept the file.', detail };
    case 503: if (!started) return { title: `No upload server is available right now: try again in ${error.retryAfter ?? 10} s.`, detail };
    // falls through
    default: return { title: error.title ?? 'Something went wrong.', detail: detail || (error.title ? '' : 'Please try again.') };
  }
}

const hasFiles = (event) => event.dataTransfer?.types.includes('Files');

export async function render(outlet, { signal }) {
  setTitle('Upload');
  await loadStyles('/assets/css/forms.css', '/assets/css/upload.css');
  let limits = { maxVideoBytes: Infinity, maxPreviewBytes: Infinity };
  let busy = false;
  let controller = null;

  const fields = {
    title: field('upload-title', 'Title', h('input', { type: 'text', name: 'title', autocomplete: 'off', 'aria-required': 'true' })),
    description: field('upload-description', 'Description (optional)', h('textarea', { name: 'description', rows: 5 }), ''),
    video: field('upload-video', 'Video file', h('input', { type: 'file', name: 'video', accept: accept(videoExtensions, ['video/*']) }), ''),
    preview: field('upload-preview', 'Preview image (optional)',
      h('input', { type: 'file', name: 'preview', accept: accept(imageExtensions, ['image/jpeg', 'image/png', 'image/webp']) }), ''),
  };
  const { title, description, video, preview } = fields;
  const counter = () => { description.hint.textContent = `${description.control.value.length.toLocaleString('en')} of ${maxDescription.toLocaleString('en')} characters`; };
  const fileHints = () => {
    const limit = (max) => (Number.isFinite(max) ? `, up to ${formatBytes(max)}` : '');
    video.hint.textContent = `MP4, WebM, MOV or MKV${limit(limits.maxVideoBytes)}.`;
    preview.hint.textContent = `JPEG, PNG or WebP${limit(limits.maxPreviewBytes)}. Without one, a frame of the video is shown.`;
  };
  counter();
  fileHints();

  const serverNote = h('div', { class: 'upload-notice' });
  const notice = h('div', { class: 'upload-notice' });
  const zone = h('div', { class: 'drop-zone' },
    h('p', { class: 'drop-title' }, 'Drop a video and a preview image here or anywhere on the page, or choose them:'),
    video.root, preview.root);
  const fieldset = h('fieldset', { class: 'upload-fields' }, h('legend', { class: 'visually-hidden' }, 'The video'),
    title.root, description.root, zone);
  const submit = h('button', { class: 'button', type: 'submit' }, 'Upload');
  const cancel = h('button', { class: 'button button-quiet', type: 'button', hidden: true }, 'Cancel');
  const form = h('form', { class: 'upload-form', novalidate: true, 'aria-labelledby': 'upload-heading' },
    fieldset, h('div', { class: 'upload-actions' }, submit, cancel));
  const phase = h('p', { class: 'upload-phase', role: 'status' });
  const bars = h('div', { class: 'upload-bars' });
  const result = h('div', { class: 'upload-result' });
  const progress = h('section', { class: 'upload-progress', 'aria-label': 'Upload progress', hidden: true, tabindex: -1 }, phase, bars);
  outlet.append(h('div', { class: 'upload' },
    h('h1', { id: 'upload-heading' }, 'Upload a video'), serverNote, notice, form, progress, result));

  const setBusy = (on) => {
    busy = on;
    fieldset.disabled = on;
    submit.disabled = on;
    cancel.hidden = !on;
  };

  const showErrors = (problems) => {
    for (const [name, f] of Object.entries(fields)) f.setError(problems[name]);
  };

  // A video picked again that was partly uploaded before: its upload carries on, with the title it was given.
  const savedFor = (file) => {
    const saved = file && loadSaved(file);
    notice.replaceChildren();
    title.control.readOnly = description.control.readOnly = !!saved;
    if (!saved) return null;
    title.control.value = saved.title;
    description.control.value = saved.description ?? '';
    counter();
    const note = message({
      title: `“${file.name}” was partly uploaded before, as “${saved.title}”.`,
      detail: `Upload carries on where it stopped${saved.previewDone || !saved.previewName ? '' : `; choose the preview “${saved.previewName}” again too`}.`,
      action: { label: 'Start over instead', onclick: () => { forget(file); savedFor(file); title.control.focus(); } },
    });
    notice.append(note);
    return saved;
  };

  // A file is checked as soon as it is chosen.
  const checkFile = (f, test) => f.setError(f.control.files[0] ? test(f.control.files[0], limits) : null);
  video.control.addEventListener('change', () => {
    checkFile(video, checkVideo);
    savedFor(video.control.files[0]);
  });
  preview.control.addEventListener('change', () => checkFile(preview, checkPreview));
  description.control.addEventListener('input', () => {
    counter();
    description.setError(null);
  });
  title.control.addEventListener('input', () => title.setError(null));

  const showFailure = (error, job) => {
    const started = !!job?.id;
    const { title: what, detail } = describe(error, started);
    const resumable = started && (isRetryable(error) || error.status === 409 || (error.status === 403 && !!job.multipart));
    const box = message({ kind: 'error', title: what, detail });
    if (resumable) {
      phase.textContent = 'Stopped.';
      const again = () => { result.replaceChildren(); progress.focus(); go(job); };
      const over = () => { forget(job.video); result.replaceChildren(); progress.hidden = true; setBusy(false); title.control.focus(); };
      box.append(h('div', { class: 'upload-actions' },
        h('button', { class: 'button', type: 'button', onclick: again }, 'Resume'),
        h('button', { class: 'button button-quiet', type: 'button', onclick: over }, 'Start over')));
    } else {
      if (job) forget(job.video);
      phase.textContent = started ? 'Not published.' : '';
      progress.hidden = !started;
      setBusy(false);
      savedFor(null);
    }
    result.replaceChildren(box);
    box.scrollIntoView({ block: 'nearest' });
    cancel.hidden = true;
  };

  const go = async (job) => {
    controller = new AbortController();
    const mine = controller;
    signal.addEventListener('abort', () => mine.abort(), { once: true });
    setBusy(true);
    progress.hidden = false;
    if (!job.view) {
      job.view = { phase: (text) => { phase.textContent = text; }, videoBar: progressBar(`Video: ${job.video.name}`, job.video.size) };
      if (job.preview) job.view.previewBar = progressBar(`Preview: ${job.preview.name}`, job.preview.size);
      bars.replaceChildren(...[job.view.previewBar, job.view.videoBar].filter(Boolean).map((b) => b.root));
    }
    phase.textContent = 'Starting…';
    progress.scrollIntoView({ block: 'nearest' });
    try {
      const id = await run(job, job.view, controller.signal);
      phase.textContent = 'Published.';
      const watch = h('a', { class: 'button', href: `/watch/${encodeURIComponent(id)}` }, `Watch “${job.title}”`);
      const again = h('button', { class: 'button button-quiet', type: 'button', onclick: () => {
        form.reset(); savedFor(null); counter(); showErrors({}); result.replaceChildren(); progress.hidden = true; setBusy(false); title.control.focus();
      } }, 'Upload another');
      result.replaceChildren(h('div', { class: 'message message-success', role: 'status' },
        h('p', { class: 'message-title' }, `“${job.title}” is published.`),
        h('div', { class: 'upload-actions' }, watch, again)));
      cancel.hidden = true;
      watch.focus();
    } catch (error) {
      if (signal.aborted) return;
      if (error.name === 'AbortError') {
        forget(job.video);
        setBusy(false);
        progress.hidden = true;
        savedFor(null);
        result.replaceChildren(message({ title: 'Upload cancelled.', detail: 'Nothing was published.' }));
        return;
      }
      showFailure(error, job);
    }
  };

  cancel.addEventListener('click', () => controller?.abort());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return;
    result.replaceChildren();
    const values = {
      title: title.control.value.trim(), description: description.control.value,
      video: video.control.files[0] ?? null, preview: preview.control.files[0] ?? null,
    };
    const saved = values.video && loadSaved(values.video);
    const problems = check(values, limits);
    if (saved && !saved.previewDone && saved.previewName && !values.preview) {
      problems.preview = `Choose the preview image “${saved.previewName}” again to finish the upload begun before.`;
    }
    showErrors(problems);
    const first = Object.keys(fields).find((name) => problems[name]);
    if (first) {
      fields[first].control.focus();
      return;
    }
    setBusy(true);
    try {
      const answer = await newUpload(signal);
      serverNote.replaceChildren();
      limits = answer;
      fileHints();
      const fresh = { ...values, server: answer.server, trace: answer.trace };
      go(saved ? savedJob(saved, fresh) : fresh);
    } catch (error) {
      if (error.name === 'AbortError') return;
      serverNote.replaceChildren();
      showFailure(error, null);
    }
  });

  // Drop files anywhere on the page: images become the preview, anything else the video (the checks say if it is not).
  const onDragOver = (event) => {
    if (!hasFiles(event) || busy) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    zone.classList.add('dragging');
  };
  // Leaving the window: no element is entered.
  const onDragLeave = (event) => { if (!event.relatedTarget) zone.classList.remove('dragging'); };
  const onDrop = (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    zone.classList.remove('dragging');
    if (busy) return;
    for (const file of event.dataTransfer.files) {
      const input = isImage(file) || file.type.startsWith('image/') ? preview.control : video.control;
      const list = new DataTransfer();
      list.items.add(file);
      input.files = list.files;
      input.dispatchEvent(new Event('change'));
    }
  };
  const listeners = { dragover: onDragOver, dragleave: onDragLeave, drop: onDrop };
  for (const [type, listener] of Object.entries(listeners)) document.addEventListener(type, listener);
  signal.addEventListener('abort', () => {
    for (const [type, listener] of Object.entries(listeners)) document.removeEventListener(type, listener);
  });

  // The limits, and whether an upload server is there at all, before anything is chosen.
  newUpload(signal).then((answer) => {
    limits = answer;
    fileHints();
  }, (error) => {
    if (error.name !== 'AbortError') serverNote.replaceChildren(message({ kind: 'error', ...describe(error, false) }));
  });
}
