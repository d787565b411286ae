// What a viewer's connection does, read from getStats(): bitrate since the last reading, delay, picture.

/** Reads the stats; `previous` is the last reading (for the bitrate). */
export async function readStats(pc, previous) {
  const report = await pc.getStats();
  const now = { at: performance.now(), bytes: 0, framesDecoded: 0, packetsLost: 0, packetsReceived: 0 };
  let bufferDelay = null;
  report.forEach((s) => {
    if (s.type === 'inbound-rtp') {
      now.bytes += s.bytesReceived ?? 0;
      now.packetsLost += Math.max(0, s.packetsLost ?? 0);
      now.packetsReceived += s.packetsReceived ?? 0;
      if (s.kind === 'video') {
        now.framesDecoded = s.framesDecoded ?? 0;
        now.width = s.frameWidth ?? null;
        now.height = s.frameHeight ?? null;
        now.fps = s.framesPerSecond ?? null;
        if (s.jitterBufferEmittedCount > 0) bufferDelay = (s.jitterBufferDelay / s.jitterBufferEmittedCount) * 1000;
      }
    } else if (s.type === 'candidate-pair' && s.nominated && s.currentRoundTripTime != null) {
      now.rttMs = s.currentRoundTripTime * 1000;
    }
  });
  now.bufferMs = bufferDelay;
  // Glass to glass is not measurable from one side: the network's one way (half the round trip) plus the buffer.
  now.latencyMs = now.rttMs != null && bufferDelay != null ? now.rttMs / 2 + bufferDelay : null;
  const seconds = previous ? (now.at - previous.at) / 1000 : 0;
  now.bitrateKbps = seconds > 0 ? Math.max(0, ((now.bytes - previous.bytes) * 8) / 1000 / seconds) : null;
  return now;
}

/** The reading as label → text pairs for a person. */
export function describeStats(s) {
  const ms = (v) => (v == null ? '…' : `${Math.round(v)} ms`);
  const lossPercent = s.packetsReceived + s.packetsLost > 0 ? (100 * s.packetsLost) / (s.packetsReceived + s.packetsLost) : 0;
  return [
    ['Bitrate', s.bitrateKbps == null ? '…' : s.bitrateKbps >= 1000 ? `${(s.bitrateKbps / 1000).toFixed(1)} Mbit/s` : `${Math.round(s.bitrateKbps)} kbit/s`],
    ['Latency (estimate)', ms(s.latencyMs)],
    ['Round trip', ms(s.rttMs)],
    ['Picture', s.width ? `${s.width}×${s.height}${s.fps ? `, ${Math.round(s.fps)} fps` : ''}` : '…'],
    ['Frames decoded', String(s.framesDecoded)],
    ['Packets lost', `${s.packetsLost} (${lossPercent.toFixed(1)} %)`],
  ];
}
