// The signalling WebSocket of Appendices C and D: JSON text messages both ways, through an endpoint's /ENDPOINT/{id}.

/**
 * Appendix C: the endpoint host from NEWSTREAM, opened with the page's own scheme (https: → wss:). `trace`, NEWSTREAM's
 * traceresponse, goes in the query (a browser cannot set a WebSocket's headers): the stream keeps its trace id.
 */
export function publishUrl(server, endpoint, trace) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return withTrace(`${scheme}//${server}/ENDPOINT/${encodeURIComponent(endpoint)}`, trace);
}

/** Appendix D: a live entry's ControlURL (http(s)://host/ENDPOINT/id) as a WebSocket URL, in the look-up's trace. */
export function joinUrl(controlUrl, trace) {
  const url = new URL(controlUrl, location.href);
  url.protocol = url.protocol === 'https:' || url.protocol === 'wss:' ? 'wss:' : 'ws:';
  return withTrace(url.href, trace);
}

function withTrace(href, trace) {
  if (!trace) return href;
  const url = new URL(href);
  url.searchParams.set('traceparent', trace);
  return url.href;
}

/**
 * Opens the socket; resolves when it is open, rejects when it cannot be. `onMessage(object)` gets each message;
 * `closed` settles with { code, reason } however the socket ends.
 */
export function openSignalSocket(url, onMessage) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    let open = false;
    let resolveClosed;
    const closed = new Promise((r) => { resolveClosed = r; });
    socket.addEventListener('open', () => {
      open = true;
      resolve({
        send: (message) => { if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message)); },
        close: () => socket.close(1000, 'done'),
        closed,
      });
    });
    socket.addEventListener('message', (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return; // not the protocol: ignored
      }
      onMessage(message);
    });
    socket.addEventListener('close', (event) => {
      resolveClosed({ code: event.code, reason: event.reason });
      if (!open) reject(new Error('The live server could not be reached.'));
    });
  });
}

/** A candidate from the other side ({"candidate": "...", sdpMid?, sdpMLineIndex?}) into the peer connection. */
export async function addRemoteCandidate(pc, message) {
  if (!message.candidate) return; // the end of candidates
  await pc.addIceCandidate({ candidate: message.candidate, sdpMid: message.sdpMid ?? '0', sdpMLineIndex: message.sdpMLineIndex ?? 0 })
    .catch(() => {}); // a candidate the browser cannot use is not fatal: others may work
}

/** Sends the browser's candidates as they come, then the end-of-candidates marker. */
export function sendLocalCandidates(pc, socket) {
  pc.addEventListener('icecandidate', (event) => socket.send(event.candidate ? event.candidate.toJSON() : { candidate: '' }));
}
