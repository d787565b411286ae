// werift-peer.mjs - what the werift WHIP publisher and WHEP viewer share: the peer, the HTTP exchange of RFC 9725 /
// draft-ietf-wish-whep (one POST with every candidate, DELETE at the end) and the JSON lines the test reads.
import { createInterface } from 'node:readline';
import { RTCPeerConnection, useOPUS, useVP8 } from 'werift';

export const say = message => console.log(JSON.stringify(message));

/** A werift peer with VP8 and Opus that talks to the node on 127.0.0.1 only. */
export function peer() {
  const pc = new RTCPeerConnection({
    codecs: { video: [useVP8()], audio: [useOPUS()] },
    // werift skips loopback when gathering; the node is there, and no other address is used for checks.
    iceAdditionalHostAddresses: ['127.0.0.1'],
    iceUseIpv6: false,
    iceFilterCandidatePair: pair => pair.localCandidate.host === '127.0.0.1',
  });
  pc.connectionStateChange.subscribe(state => say({ connection: state }));
  return pc;
}

/** Offers with every candidate, POSTs the offer, applies the 201's answer; the session's URL, or exit 1 on a refusal. */
export async function negotiate(pc, url, headers = {}) {
  await pc.setLocalDescription(await pc.createOffer());
  while (pc.iceGatheringState !== 'complete') {
    await new Promise(resolve => pc.iceGatheringStateChange.once(resolve));
  }
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/sdp', ...headers }, body: pc.localDescription.sdp });
  const body = await response.text();
  if (response.status !== 201) {
    say({ status: response.status, body });
    process.exit(1);
  }
  const session = new URL(response.headers.get('location'), url).href;
  say({ created: session, status: response.status });
  await pc.setRemoteDescription({ type: 'answer', sdp: body });
  return session;
}

/**
 * Runs `report` every second; when the test closes stdin (or after 5 minutes at most, should the test be gone):
 * `stop`, DELETE of the session, exit.
 */
export function runUntilStdinCloses(session, headers, report, stop = () => {}) {
  const timer = setInterval(report, 1000);
  const end = async () => {
    clearInterval(timer);
    report();
    stop();
    const response = await fetch(session, { method: 'DELETE', headers });
    say({ deleted: response.status });
    process.exit(0);
  };
  setTimeout(end, 300_000).unref();
  createInterface({ input: process.stdin }).on('close', end);
}
