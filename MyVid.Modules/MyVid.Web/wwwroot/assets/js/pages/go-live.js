// Go live: choose a camera and a microphone (with a preview), give a title and a description, start and stop;
// while live, the stream's ID and share link, its viewer count, the connection's state and whether it is recorded.
import { h, setTitle, loadStyles } from '../dom.js';
import { field } from '../components/field.js';
import { message } from '../components/message.js';
import { watchUrl } from '../components/video-card.js';
import { maxTitle, maxDescription } from '../upload/checks.js';
import { openDevices, listDevices, deviceOf, stopStream } from '../live/devices.js';
import { startBroadcast } from '../live/broadcast.js';
import { viewerCount, watching } from '../live/viewers.js';

const viewersEveryMs = 5000; // the node reports its count about this often

const stateText = {
  idle: 'Not live', connecting: 'Connecting…', connected: 'Connected, registering…', live: 'Live',
  reconnecting: 'Connection unsteady…', ended: 'Ended', failed: 'Not live',
};

function checkForm(title, description) {
  const problems = {};
  const length = title.trim().length;
  if (length === 0) problems.title = 'Give the stream a title.';
  else if (length > maxTitle) problems.title = `The title has ${length} characters; ${maxTitle} at most.`;
  if (description.length > maxDescription) problems.description = `The description has ${description.length} characters; ${maxDescription} at most.`;
  return problems;
}

export async function render(outlet, { signal }) {
  setTitle('Go live');
  await loadStyles('/assets/css/forms.css', '/assets/css/live.css');
  let stream = null;
  let broadcast = null;
  let controller = null;
  let viewersTimer = null;

  const preview = h('video', { class: 'live-preview', autoplay: true, muted: true, playsinline: true, 'aria-label': 'Camera preview' });
  preview.muted = true;
  const camera = field('live-camera', 'Camera', h('select', { name: 'camera' }));
  const microphone = field('live-microphone', 'Microphone', h('select', { name: 'microphone' }));
  const deviceNote = h('div', { class: 'live-device-note' });
  const title = field('live-title', 'Title', h('input', { type: 'text', name: 'title', autocomplete: 'off', 'aria-required': 'true', maxlength: maxTitle }));
  const description = field('live-description', 'Description (optional)', h('textarea', { name: 'description', rows: 4, maxlength: maxDescription }));
  const start = h('button', { class: 'button', type: 'submit' }, 'Go live');
  const stop = h('button', { class: 'button button-stop', type: 'button', hidden: true }, 'Stop');
  const fieldset = h('fieldset', { class: 'live-fields' }, h('legend', { class: 'visually-hidden' }, 'The stream'), title.root, description.root);
  const form = h('form', { class: 'live-form', novalidate: true, 'aria-labelledby': 'live-heading' },
    fieldset, h('div', { class: 'live-actions' }, start, stop));

  const state = h('dd', { 'data-live-state': '', 'aria-live': 'polite' });
  const liveId = h('dd', { 'data-live-id': '' }, '—');
  const share = h('dd', { class: 'live-share' }, '—');
  const viewers = h('dd', { 'data-viewers': '' }, '—');
  const recording = h('dd', { 'data-recording': '', 'aria-live': 'polite' }, '—');
  const status = h('section', { class: 'live-status', 'aria-labelledby': 'live-status-heading' },
    h('h2', { id: 'live-status-heading' }, 'Stream'),
    h('dl', {},
      h('dt', {}, 'State'), state, h('dt', {}, 'Live ID'), liveId, h('dt', {}, 'Share'), share,
      h('dt', {}, 'Viewers'), viewers, h('dt', {}, 'Recording'), recording));
  const notice = h('div', { class: 'live-notice' });
  const badge = h('span', { class: 'badge live-badge', hidden: true }, 'Live');
  outlet.append(h('div', { class: 'go-live' },
    h('h1', { id: 'live-heading' }, 'Go live'),
    h('div', { class: 'go-live-grid' },
      h('section', { class: 'live-camera', 'aria-label': 'Camera and microphone' },
        h('div', { class: 'live-stage' }, preview, badge), deviceNote, h('div', { class: 'live-devices' }, camera.root, microphone.root)),
      h('div', { class: 'live-side' }, form, notice, status))));

  const setState = (name) => {
    state.textContent = stateText[name];
    state.dataset.state = name;
    badge.hidden = name !== 'live';
  };
  const setBusy = (on) => {
    fieldset.disabled = on;
    start.hidden = on;
    stop.hidden = !on;
  };
  const say = (box) => {
    notice.replaceChildren(...(box ? [box] : []));
  };

  const fillDevices = async () => {
    const { cameras, microphones } = await listDevices();
    const options = (list, chosen) => list.map((d) => h('option', { value: d.id, selected: d.id === chosen }, d.label));
    camera.control.replaceChildren(...options(cameras, deviceOf(stream, 'video')));
    microphone.control.replaceChildren(...options(microphones, deviceOf(stream, 'audio')));
  };
  const open = async () => {
    deviceNote.replaceChildren();
    try {
      const next = await openDevices(camera.control.value, microphone.control.value);
      if (signal.aborted) { stopStream(next); return; }
      // While live, the new tracks replace the old ones in the running connection.
      for (const sender of broadcast?.pc.getSenders() ?? []) {
        const track = next.getTracks().find((t) => t.kind === sender.track?.kind);
        if (track) await sender.replaceTrack(track);
      }
      stopStream(stream);
      stream = next;
      preview.srcObject = stream;
      await fillDevices();
    } catch (error) {
      deviceNote.replaceChildren(message({ kind: 'error', title: error.message, action: { label: 'Try again', onclick: open } }));
    }
  };
  camera.control.addEventListener('change', open);
  microphone.control.addEventListener('change', open);
  title.control.addEventListener('input', () => title.setError(null));
  description.control.addEventListener('input', () => description.setError(null));

  const showViewers = async (id) => {
    const count = await viewerCount(id, signal);
    if (count != null && broadcast?.id === id) viewers.textContent = watching(count);
  };
  const ended = (text) => {
    clearInterval(viewersTimer);
    broadcast?.stop();
    broadcast = null;
    setBusy(false);
    setState('ended');
    if (text) say(message({ kind: 'error', title: 'The stream stopped.', detail: text }));
  };
  const showLive = (id) => {
    const url = new URL(watchUrl(id), location.href).href;
    liveId.textContent = id;
    const copy = h('button', { class: 'button button-quiet button-small', type: 'button' }, 'Copy link');
    copy.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(url);
        copy.textContent = 'Copied';
      } catch {
        copy.textContent = 'Select the link to copy it'; // no clipboard on an http page, or refused
      }
    });
    share.replaceChildren(h('a', { href: url, target: '_blank', rel: 'noopener' }, url), ' ', copy);
    viewers.textContent = watching(0);
    viewersTimer = setInterval(() => { if (!document.hidden) showViewers(id); }, viewersEveryMs);
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const problems = checkForm(title.control.value, description.control.value);
    title.setError(problems.title);
    description.setError(problems.description);
    if (problems.title || problems.description) {
      (problems.title ? title : description).control.focus();
      return;
    }
    if (!stream) {
      say(message({ kind: 'error', title: 'There is no camera picture to send.', detail: 'Allow the camera and microphone above, then go live.' }));
      return;
    }
    say(null);
    setBusy(true);
    liveId.textContent = share.textContent = viewers.textContent = recording.textContent = '—';
    controller = new AbortController();
    const mine = controller;
    signal.addEventListener('abort', () => mine.abort(), { once: true });
    try {
      broadcast = await startBroadcast(stream, { title: title.control.value.trim(), description: description.control.value }, {
        onState: setState,
        onRecording: ({ recording: on, message: why }) => {
          recording.textContent = on ? 'Recording' : why ? `Not recording: ${why}` : 'Not recording';
          recording.dataset.on = String(on);
        },
        onError: (text) => say(message({ kind: 'error', title: 'The live server reported a problem.', detail: text })),
        onEnded: ended,
      }, mine.signal);
      showLive(broadcast.id);
      stop.focus();
    } catch (error) {
      if (error.name === 'AbortError') return;
      setBusy(false);
      setState('failed');
      say(message({ kind: 'error', title: error.title ?? 'The live stream could not start.', detail: error.detail ?? error.message }));
      start.focus();
    }
  });
  stop.addEventListener('click', () => {
    controller?.abort();
    ended('');
    say(message({ title: 'You are no longer live.', detail: 'Viewers were told that the stream has ended.' }));
    start.focus();
  });
  signal.addEventListener('abort', () => {
    clearInterval(viewersTimer);
    broadcast?.stop();
    stopStream(stream);
  }, { once: true });

  setState('idle');
  await open();
}
