using System.Buffers.Binary;
using MyVid.WebRtc.Rtp;

namespace MyVid.Media.Recording;

/// <summary>The payload types a recording takes from the publisher: VP8 or H.264 (and its RTX) and Opus; null when the track is absent.</summary>
internal readonly record struct RecordedPayloadTypes(byte? Video, byte? VideoRtx, byte? Audio, RecordedVideoCodec VideoCodec = RecordedVideoCodec.Vp8);

/// <summary>
/// The SFU's side of one stream's recording, on the loop thread: each decrypted publisher packet of the primary video
/// SSRC or of the audio goes to the <see cref="Recorder"/> (which copies it into its queue and returns), RTX
/// retransmissions unwrapped to the original packet first; the recorder's keyframe requests are polled by the stream,
/// which sends them through its <see cref="Sfu.KeyframeThrottle"/>. Nothing here waits.
/// </summary>
internal sealed class StreamRecording(Recorder recorder, string videoId, RecordedPayloadTypes payloadTypes, Action<bool, string?> notify)
{
    private readonly byte[] _scratch = new byte[Transport.MediaLoop.BufferSize];
    private uint? _videoSsrc;

    public Recorder Recorder => recorder;

    public string VideoId => videoId;

    /// <summary>Tells the publisher whether it records, and why not (see <see cref="LiveRecordings"/>).</summary>
    internal Action<bool, string?> Notify => notify;

    /// <summary>One decrypted publisher packet (loop thread). Never blocks: a recorder that cannot keep up fails alone.</summary>
    public void OnPublisherRtp(ReadOnlySpan<byte> packet, DateTimeOffset now)
    {
        if (!RtpHeader.TryParse(packet, out var header))
        {
            return;
        }

        var payloadType = header.PayloadType;
        if (payloadType == payloadTypes.Audio)
        {
            recorder.OnRtp(RecordingTrack.Audio, packet, now);
        }
        else if (payloadType == payloadTypes.Video)
        {
            _videoSsrc ??= header.Ssrc;
            if (header.Ssrc == _videoSsrc)
            {
                recorder.OnRtp(RecordingTrack.Video, packet, now);
            }
        }
        else if (payloadType == payloadTypes.VideoRtx && _videoSsrc is { } ssrc)
        {
            var length = UnwrapRtx(packet, header.HeaderLength, header.Payload, payloadTypes.Video!.Value, ssrc, _scratch);
            if (length > 0)
            {
                recorder.OnRtp(RecordingTrack.Video, _scratch.AsSpan(0, length), now);
            }
        }
    }

    /// <summary>True when the recording needs a video keyframe (polled by the stream's tick).</summary>
    public bool TakeKeyframeRequest() => recorder.TakeKeyframeRequest();

    /// <summary>
    /// RFC 4588: an RTX payload is the original sequence number then the original payload. Writes the original packet
    /// (the RTX header with the original payload type, sequence number and SSRC, no padding) into <paramref name="output"/>;
    /// 0 for a padding-only probe or one that does not fit.
    /// </summary>
    internal static int UnwrapRtx(ReadOnlySpan<byte> packet, int headerLength, ReadOnlySpan<byte> payload, byte payloadType, uint ssrc, Span<byte> output)
    {
        if (payload.Length <= 2 || headerLength + payload.Length - 2 > output.Length)
        {
            return 0;
        }

        packet[..headerLength].CopyTo(output);
        output[0] &= 0xDF; // no padding: only the payload is copied
        RtpHeader.SetPayloadType(output, payloadType);
        RtpHeader.SetSequenceNumber(output, BinaryPrimitives.ReadUInt16BigEndian(payload));
        RtpHeader.SetSsrc(output, ssrc);
        payload[2..].CopyTo(output[headerLength..]);
        return headerLength + payload.Length - 2;
    }
}
