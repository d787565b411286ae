// A live stream (type WebRTC) in the watch page: the picture, a live badge, the viewer count, the connection's
// state, its stats on demand; reconnects after a drop (bounded backoff) and says when the stream has ended.
import { getVideo } from '../api.js';
import { h } from '../dom.js';
import { message } from './message.js';
import { watchStream } from '../live/viewing.js';
import { readStats, describeStats } from '../live/stats.js';
import { viewerCount, watching } from '../live/viewers.js';

/** Waits before reconnect attempts 1, 2, …; after the last one the player gives up and offers a button. */
const backoffSeconds = [1, 2, 4, 8, 15];
const viewersEveryMs = 5000; // the node reports its count about this often: asking more often shows nothing new
const statsEveryMs = 1000;

/** video: { id, controlUrl, streamId, viewers }; signal: aborted when the page is left (everything closes then). */
export function livePlayer(video, signal) {
  const element = h('video', { autoplay: true, muted: true, playsinline: true, controls: true, 'aria-label': 'Live stream' });
  element.muted = true; // the attribute alone does not let a page start playing with sound off
  const overlay = h('div', { class: 'live-overlay', role: 'status', 'aria-live': 'polite' });
  const viewers = h('span', { class: 'live-viewers', 'data-viewers': '' });
  const state = h('span', { class: 'live-state' });
  const statsList = h('dl', { class: 'live-stats', id: `live-stats-${video.id}`, hidden: true });
  const statsButton = h('button', { class: 'button button-quiet button-small', type: 'button', 'aria-expanded': 'false', 'aria-controls': statsList.id }, 'Show stats');
  const root = h('div', { class: 'player live-player', 'data-live-player': '', 'data-state': 'connecting' },
    h('div', { class: 'live-stage' }, element, h('span', { class: 'badge live-badge' }, 'Live'), overlay),
    h('div', { class: 'live-bar' }, viewers, state, statsButton),
    statsList);

  let session = null;
  let standby = null; // a session whose signalling dropped while its media plays on, until a new one replaces it
  let attempt = 0;
  let retryTimer = null;
  let statsTimer = null;
  let viewersTimer = null;
  let lastStats = null;
  let current = video;

  const setState = (name, text, overlayText = '') => {
    root.dataset.state = name;
    state.textContent = text;
    overlay.textContent = overlayText;
    overlay.hidden = !overlayText;
  };
  const showViewers = (count) => {
    if (count == null) return;
    viewers.textContent = watching(count);
  };
  const stopTimers = () => {
    clearTimeout(retryTimer);
    clearInterval(statsTimer);
    clearInterval(viewersTimer);
  };
  const dropStandby = () => {
    standby?.close();
    standby = null;
  };
  const finish = (box) => {
    stopTimers();
    session?.close();
    session = null;
    dropStandby();
    element.srcObject = null;
    root.querySelector('.live-stage').replaceChildren(box);
    root.querySelector('.live-bar').hidden = true;
    statsList.hidden = true;
  };
  const ended = () => {
    setState('ended', 'Ended');
    viewers.textContent = '';
    finish(message({ title: 'This live stream has ended.', detail: 'Thanks for watching.', action: { label: 'Find more videos', href: '/' } }));
  };
  const unknown = (detail) => {
    setState('unknown', 'Not live');
    finish(message({ kind: 'error', title: 'This stream is not live.', detail, action: { label: 'Find videos', href: '/' } }));
  };
  const giveUp = (detail) => {
    setState('failed', 'Disconnected', `The stream could not be reached. ${detail}`);
    overlay.append(' ', h('button', { class: 'button button-small', type: 'button', onclick: () => { attempt = 0; connect(); } }, 'Try again'));
  };

  const lost = (detail) => {
    session = null;
    if (signal.aborted) return;
    // While the old connection still plays, keep trying (at the longest wait) rather than give up.
    if (attempt >= backoffSeconds.length && !standby) {
      giveUp(detail);
      return;
    }
    const wait = backoffSeconds[Math.min(attempt++, backoffSeconds.length - 1)];
    if (standby) setState('reconnecting', 'Reconnecting');
    else setState('reconnecting', 'Reconnecting', `Connection lost. Reconnecting in ${wait} s…`);
    retryTimer = setTimeout(reconnect, wait * 1000);
  };

  // Only the signalling socket dropped (e.g. its endpoint died): the media never went through it and plays on. The
  // picture stays while the player asks the catalogue where the stream is now (a failover moves its ControlURL to
  // another endpoint) and joins there; the new connection replaces the old one once it is up.
  const signallingLost = (old) => {
    if (session !== old || signal.aborted) return;
    session = null;
    if (standby !== old) dropStandby(); // an older one still waiting (its successor connected first): no longer needed
    standby = old;
    setState('reconnecting', 'Reconnecting');
    clearTimeout(retryTimer);
    reconnect();
  };

  // A new attempt asks the catalogue again: the stream may have ended, or moved to another node.
  const reconnect = async () => {
    try {
      const fresh = await getVideo(video.id, signal);
      if (fresh.type !== 'WebRTC') { ended(); return; }
      current = fresh;
      showViewers(fresh.viewers);
    } catch (error) {
      if (error.name === 'AbortError') return;
      if (error.status === 404) { ended(); return; }
      lost(error.detail || error.title);
      return;
    }
    connect();
  };

  // The old connection's media dropped too before a new one was up: nothing plays any more.
  const standbyLost = () => {
    standby = null;
    element.srcObject = null;
    setState('reconnecting', 'Reconnecting', 'Connection lost. Reconnecting…');
  };

  const connect = async () => {
    if (signal.aborted) return;
    if (!standby) setState(attempt === 0 ? 'connecting' : 'reconnecting', 'Connecting', 'Connecting to the live stream…');
    let incoming = null;
    let mine = null;
    const show = (stream) => { if (stream && element.srcObject !== stream) element.srcObject = stream; };
    const ifCurrent = (handler) => (...args) => { if (session === mine) handler(...args); };
    try {
      mine = await watchStream(current, {
        // Behind a standby the new picture is shown once its connection is up, so the old one plays until then.
        onStream: ifCurrent((stream) => { incoming = stream; if (!standby) show(stream); }),
        onConnected: ifCurrent(() => { attempt = 0; show(incoming); dropStandby(); setState('playing', 'Connected'); }),
        onEnded: ifCurrent(ended),
        onUnknown: ifCurrent(unknown),
        onLost: (detail) => {
          if (session === mine) lost(detail);
          else if (standby === mine) standbyLost();
        },
        onSignallingLost: () => signallingLost(mine),
      });
      session = mine;
      if (signal.aborted) session.close();
    } catch (error) {
      lost(error.message);
    }
  };

  const refreshStats = async () => {
    if (!session || statsList.hidden) return;
    lastStats = await readStats(session.pc, lastStats).catch(() => lastStats);
    if (lastStats) statsList.replaceChildren(...describeStats(lastStats).map(([term, value]) => h('div', {}, h('dt', {}, term), h('dd', {}, value))));
  };
  statsButton.addEventListener('click', () => {
    const show = statsList.hidden;
    statsList.hidden = !show;
    statsButton.setAttribute('aria-expanded', String(show));
    statsButton.textContent = show ? 'Hide stats' : 'Show stats';
    clearInterval(statsTimer);
    if (show) {
      lastStats = null;
      refreshStats();
      statsTimer = setInterval(refreshStats, statsEveryMs);
    }
  });

  showViewers(video.viewers ?? 0);
  viewersTimer = setInterval(async () => {
    if (document.hidden || root.dataset.state === 'ended') return;
    showViewers(await viewerCount(video.id, signal));
  }, viewersEveryMs);
  signal.addEventListener('abort', () => {
    stopTimers();
    session?.close();
  }, { once: true });
  connect();
  return root;
}
