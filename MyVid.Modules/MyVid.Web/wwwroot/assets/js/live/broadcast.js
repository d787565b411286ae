// Publishing a live stream (design Appendix C): NEWSTREAM, the endpoint's WebSocket, offer → answer and
// candidates, then LIVE once media flows → the stream's catalogue ID. The node may also say it records.
import { newStream } from '../api.js';
import { openSignalSocket, publishUrl, addRemoteCandidate, sendLocalCandidates } from './signal-socket.js';

const connectTimeoutMs = 15000;
const liveTimeoutMs = 20000;

/** A failure with words for a person; `retryAfter` (s) when the server said when to try again. */
export class BroadcastError extends Error {
  constructor(title, detail = '', retryAfter = null) {
    super(title);
    this.name = 'BroadcastError';
    this.title = title;
    this.detail = detail;
    this.retryAfter = retryAfter;
  }
}

/**
 * Starts a broadcast of `stream`'s tracks. `events`: onState(text: 'connecting' | 'connected' | 'live' |
 * 'reconnecting' | 'failed'), onRecording({ recording, message }), onEnded(message) when the node ends it,
 * onError(message) for an error the node reports later. Resolves with { id, stop() } once the stream is in the
 * catalogue; rejects with a BroadcastError (everything opened is closed again).
 */
export async function startBroadcast(stream, { title, description }, events, signal) {
  let details;
  try {
    details = await newStream(signal);
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    if (error.status === 503) {
      throw new BroadcastError('No live server is available right now.', `Try again in ${error.retryAfter ?? 10} s.`, error.retryAfter ?? 10);
    }
    throw new BroadcastError(error.title ?? 'The live stream could not start.', error.detail ?? '');
  }

  const pc = new RTCPeerConnection(details.peerOptions);
  let socket = null;
  let stopped = false;
  let live = false;
  let gotId;
  const liveId = new Promise((resolve) => { gotId = resolve; });
  // Anything that ends the start early rejects this; every wait below races it.
  let failStart;
  const startFailed = new Promise((_, reject) => { failStart = reject; });
  startFailed.catch(() => {});
  const fail = (title, detail) => failStart(new BroadcastError(title, detail));
  const stop = () => {
    if (stopped) return;
    stopped = true;
    socket?.close();
    pc.close();
  };
  signal?.addEventListener('abort', () => {
    failStart(new DOMException('The broadcast was stopped.', 'AbortError'));
    stop();
  }, { once: true });
  const ended = (text) => {
    if (stopped) return;
    if (live) events.onEnded?.(text);
    else fail('The live stream could not start.', text);
    stop();
  };

  const onMessage = async (message) => {
    if (message.type === 'answer') {
      await pc.setRemoteDescription({ type: 'answer', sdp: message.sdp })
        .catch(() => ended('The live server sent an answer this browser cannot use.'));
    } else if (message.type === 'LIVE' && message.ID) {
      gotId(message.ID);
    } else if (message.type === 'recording') {
      events.onRecording?.({ recording: message.Recording === true, message: message.Message ?? '' });
    } else if (message.type === 'error') {
      if (live) events.onError?.(message.message ?? 'The live server reported an error.');
      else fail('The live server refused the stream.', message.message ?? '');
    } else if (message.type === 'ended') {
      ended(message.message || 'The live server ended the stream.');
    } else if (message.candidate !== undefined) {
      await addRemoteCandidate(pc, message);
    }
  };

  try {
    events.onState?.('connecting');
    socket = await Promise.race([openSignalSocket(publishUrl(details.server, details.endpoint, details.trace), onMessage), startFailed]);
    socket.closed.then(() => ended('The connection to the live server was lost.'));
    for (const track of stream.getTracks()) pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
    sendLocalCandidates(pc, socket);
    pc.addEventListener('connectionstatechange', () => {
      if (stopped) return;
      if (pc.connectionState === 'connected') events.onState?.('connected');
      else if (pc.connectionState === 'disconnected') events.onState?.('reconnecting');
      else if (pc.connectionState === 'failed') ended('The media connection to the live server failed.');
    });
    await pc.setLocalDescription();
    socket.send({ type: 'offer', sdp: pc.localDescription.sdp });
    await Promise.race([connected(pc, signal), startFailed]);
    // Appendix C: LIVE once media flows; the answer is the stream's ID in the catalogue.
    socket.send({ type: 'LIVE', Title: title, Description: description });
    const timer = setTimeout(() => fail('The live server did not answer.', 'Try again in a moment.'), liveTimeoutMs);
    const id = await Promise.race([liveId, startFailed]).finally(() => clearTimeout(timer));
    live = true;
    events.onState?.('live');
    return { id, stop, pc };
  } catch (error) {
    stop();
    if (error.name === 'AbortError' || error instanceof BroadcastError) throw error;
    throw new BroadcastError('The live stream could not start.', error.message);
  }
}

/** Resolves when the peer connection is up; rejects when it fails, times out or the page is left. */
function connected(pc, signal) {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (pc.connectionState === 'connected') done(resolve);
      else if (pc.connectionState === 'failed' || pc.connectionState === 'closed') {
        done(reject, new BroadcastError('The media connection could not be made.', 'A firewall may block it; try another network.'));
      }
    };
    const timer = setTimeout(() => done(reject, new BroadcastError('The media connection took too long.', 'Try again in a moment.')), connectTimeoutMs);
    const abort = () => done(reject, new DOMException('Aborted', 'AbortError'));
    function done(settle, value) {
      clearTimeout(timer);
      pc.removeEventListener('connectionstatechange', check);
      signal?.removeEventListener('abort', abort);
      settle(value);
    }
    pc.addEventListener('connectionstatechange', check);
    signal?.addEventListener('abort', abort, { once: true });
    check();
  });
}
