// One attempt at watching a live stream (design Appendix D): join on the entry's ControlURL, the node's offer,
// our answer, candidates both ways. The player (components/live-player.js) reconnects with a new attempt.
import { iceConfiguration } from '../api.js';
import { openSignalSocket, joinUrl, addRemoteCandidate, sendLocalCandidates } from './signal-socket.js';

/** How long a connection may stay 'disconnected' (ICE often recovers by itself) before it counts as lost. */
const disconnectedGraceMs = 5000;

/**
 * Joins `video` ({ controlUrl, streamId, trace? }). Events, each at most once and none after close():
 * onStream(MediaStream) when media arrives, onConnected(), onEnded() when the stream ends, onUnknown(text) when the node has no such
 * stream, onLost(text) when the connection drops, onSignallingLost() when only the signalling socket dropped while
 * the media is connected (it never went through the endpoint, so it goes on: the caller may keep it playing until a
 * new attempt replaces it; onLost still follows if the media drops too). Returns { pc, close() }; rejects when the
 * node cannot be reached.
 */
export async function watchStream(video, events) {
  const configuration = await iceConfiguration().catch(() => ({}));
  const pc = new RTCPeerConnection(configuration);
  let socket = null;
  let closed = false;
  let lostTimer = null;
  let lastError = '';
  const close = () => {
    if (closed) return;
    closed = true;
    clearTimeout(lostTimer);
    socket?.close();
    pc.close();
  };
  const finish = (event, ...args) => {
    if (closed) return;
    close();
    events[event]?.(...args);
  };

  pc.addEventListener('track', (event) => events.onStream?.(event.streams[0] ?? new MediaStream([event.track])));
  pc.addEventListener('connectionstatechange', () => {
    clearTimeout(lostTimer);
    if (pc.connectionState === 'connected') events.onConnected?.();
    else if (pc.connectionState === 'failed') finish('onLost', 'The media connection failed.');
    else if (pc.connectionState === 'disconnected') {
      lostTimer = setTimeout(() => finish('onLost', 'The media connection was interrupted.'), disconnectedGraceMs);
    }
  });

  const onMessage = async (message) => {
    if (closed) return;
    if (message.type === 'offer') {
      try {
        await pc.setRemoteDescription({ type: 'offer', sdp: message.sdp });
        await pc.setLocalDescription();
        socket.send({ type: 'answer', sdp: pc.localDescription.sdp });
      } catch {
        finish('onLost', 'The live server sent an offer this browser cannot use.');
      }
    } else if (message.type === 'ended') {
      finish('onEnded');
    } else if (message.type === 'error') {
      lastError = message.message ?? '';
    } else if (message.candidate !== undefined) {
      await addRemoteCandidate(pc, message);
    }
  };

  try {
    socket = await openSignalSocket(joinUrl(video.controlUrl, video.trace), onMessage);
  } catch (error) {
    close();
    throw error;
  }
  // 1008: the node refused the join (no such stream) after saying why in an error message.
  socket.closed.then(({ code }) => {
    if (closed) return;
    if (code === 1008) finish('onUnknown', lastError || 'The live server does not know this stream.');
    else if (pc.connectionState === 'connected' && events.onSignallingLost) events.onSignallingLost();
    else finish('onLost', 'The connection to the live server was lost.');
  });
  sendLocalCandidates(pc, socket);
  socket.send({ type: 'join', StreamID: video.streamId });
  return { pc, close };
}
