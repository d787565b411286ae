// werift-whip.mjs - werift (pure TypeScript WebRTC) as a WHIP publisher. werift has no encoder: ffmpeg makes a VP8
// test picture and an Opus tone as RTP to two loopback UDP ports, and werift sends those packets on (it rewrites
// their SSRC, payload type and sequence).
//
// Usage: node werift-whip.mjs WHIP_URL STREAM_KEY FFMPEG
// JSON lines on stdout: {"created": SESSION_URL, "status": 201}, {"connection": STATE}, and every second
// {"sent": {"video": N, "audio": N}} (RTP packets handed to werift). Closing stdin DELETEs the session.
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { MediaStreamTrack } from 'werift';
import { negotiate, peer, runUntilStdinCloses, say } from './werift-peer.mjs';

const [url, key, ffmpeg] = process.argv.slice(2);
const headers = { Authorization: `Bearer ${key}` };
const sent = { video: 0, audio: 0 };

const pc = peer();
const tracks = { video: new MediaStreamTrack({ kind: 'video' }), audio: new MediaStreamTrack({ kind: 'audio' }) };
pc.addTransceiver(tracks.video, { direction: 'sendonly' });
pc.addTransceiver(tracks.audio, { direction: 'sendonly' });

async function listen(kind) {
  const socket = createSocket('udp4');
  socket.on('message', packet => { tracks[kind].writeRtp(packet); sent[kind]++; });
  await new Promise(resolve => socket.bind(0, '127.0.0.1', resolve));
  return socket.address().port;
}
const [videoPort, audioPort] = [await listen('video'), await listen('audio')];

const session = await negotiate(pc, url, headers);
// A keyframe every second, so the node's viewers never wait long (werift does not pass keyframe requests to ffmpeg).
const encoder = spawn(ffmpeg, [
  '-hide_banner', '-loglevel', 'error', '-re',
  '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
  '-map', '0:v', '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '400k', '-g', '30',
  '-f', 'rtp', '-payload_type', '96', `rtp://127.0.0.1:${videoPort}?pkt_size=1200`,
  '-map', '1:a', '-c:a', 'libopus', '-ac', '2', '-b:a', '48k',
  '-f', 'rtp', '-payload_type', '111', `rtp://127.0.0.1:${audioPort}?pkt_size=1200`,
], { stdio: ['ignore', 'ignore', 'inherit'] });
runUntilStdinCloses(session, headers, () => say({ sent }), () => encoder.kill());
