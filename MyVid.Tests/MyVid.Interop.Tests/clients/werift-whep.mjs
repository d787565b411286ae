// werift-whep.mjs - werift (pure TypeScript WebRTC) as a WHEP player that counts what it receives.
//
// Usage: node werift-whep.mjs WHEP_URL
// JSON lines on stdout: {"created": SESSION_URL, "status": 201}, {"connection": STATE}, and every second
// {"received": {"video": {"packets": N, "frames": N, "keyframes": N}, "audio": {"packets": N}}}.
// Frames are counted by the RTP marker bit, keyframes from the VP8 payload header. Closing stdin DELETEs the session.
import { Vp8RtpPayload } from 'werift';
import { negotiate, peer, runUntilStdinCloses, say } from './werift-peer.mjs';

const [url] = process.argv.slice(2);
const received = { video: { packets: 0, frames: 0, keyframes: 0 }, audio: { packets: 0 } };

const pc = peer();
pc.addTransceiver('video', { direction: 'recvonly' });
pc.addTransceiver('audio', { direction: 'recvonly' });
pc.onTrack.subscribe(track => {
  track.onReceiveRtp.subscribe(rtp => {
    const counts = received[track.kind];
    counts.packets++;
    if (track.kind !== 'video') return;
    if (rtp.header.marker) counts.frames++;
    const vp8 = Vp8RtpPayload.deSerialize(rtp.payload);
    if (vp8.isKeyframe) counts.keyframes++;
  });
});
const session = await negotiate(pc, url);
runUntilStdinCloses(session, {}, () => say({ received }));
