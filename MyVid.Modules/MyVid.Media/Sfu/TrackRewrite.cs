using System.Buffers.Binary;
using MyVid.WebRtc.Rtp;
using MyVid.WebRtc.Sdp;

namespace MyVid.Media.Sfu;

/// <summary>
/// How one viewer wants one track's packets: the payload types and header extension ids its answer gave, where
/// they differ from the publisher's, and its RTX payload type. SSRCs are the stream's, the same for every viewer.
/// Built once at negotiation; <see cref="Rewrite"/> runs per packet in place and allocates nothing.
/// </summary>
internal sealed class TrackRewrite
{
    private readonly byte[] _payloadTypes = new byte[128];
    private readonly byte[] _extensionIds = new byte[256];

    private TrackRewrite()
    {
        for (var i = 0; i < _payloadTypes.Length; i++)
        {
            _payloadTypes[i] = (byte)i;
        }
    }

    /// <summary>No payload type changes.</summary>
    public bool SamePayloadTypes { get; private set; } = true;

    /// <summary>No extension id changes.</summary>
    public bool SameExtensionIds { get; private set; } = true;

    /// <summary>The viewer's RTX payload type for this track, if it negotiated RTX.</summary>
    public byte? RtxPayloadType { get; private set; }

    /// <summary>
    /// From the publisher's payload types and extension ids to the viewer's negotiation of the same section: codecs
    /// pair by the payload type we offered (the publisher's), extensions by URI.
    /// </summary>
    public static TrackRewrite Create(StreamTrack track, NegotiatedMedia viewer)
    {
        ArgumentNullException.ThrowIfNull(track);
        ArgumentNullException.ThrowIfNull(viewer);
        var rewrite = new TrackRewrite();
        foreach (var codec in viewer.Codecs)
        {
            if (codec.Codec.IsRtx)
            {
                rewrite.RtxPayloadType = codec.RemotePayloadType;
                continue;
            }

            rewrite.MapPayloadType(codec.LocalPayloadType, codec.RemotePayloadType);
        }

        foreach (var extmap in viewer.Extmaps)
        {
            if (extmap.LocalId is > 0 and < 256 && extmap.RemoteId is > 0 and < 256)
            {
                rewrite.MapExtension((byte)extmap.LocalId, (byte)extmap.RemoteId);
            }
        }

        return rewrite;
    }

    /// <summary>For tests and simple setups: explicit maps.</summary>
    public static TrackRewrite Create(IEnumerable<(byte From, byte To)> payloadTypes, IEnumerable<(byte From, byte To)> extensionIds, byte? rtxPayloadType)
    {
        ArgumentNullException.ThrowIfNull(payloadTypes);
        ArgumentNullException.ThrowIfNull(extensionIds);
        var rewrite = new TrackRewrite { RtxPayloadType = rtxPayloadType };
        foreach (var (from, to) in payloadTypes)
        {
            rewrite.MapPayloadType(from, to);
        }

        foreach (var (from, to) in extensionIds)
        {
            rewrite.MapExtension(from, to);
        }

        return rewrite;
    }

    /// <summary>Rewrites payload type and extension ids of <paramref name="packet"/> in place; false if the packet cannot take the viewer's ids.</summary>
    public bool Rewrite(Span<byte> packet)
    {
        if (!SamePayloadTypes)
        {
            RtpHeader.SetPayloadType(packet, _payloadTypes[packet[1] & 0x7F]);
        }

        return SameExtensionIds || (packet[0] & 0x10) == 0 || RtpHeaderExtensions.TryRemapIds(packet, _extensionIds);
    }

    /// <summary>
    /// Writes the RTX form (RFC 4588 §4) of <paramref name="original"/> into <paramref name="destination"/>: same
    /// header and timestamp, the RTX payload type, SSRC and sequence number, the original sequence number (OSN)
    /// before the payload. Returns the length, or 0 when it does not fit.
    /// </summary>
    public static int WriteRtx(ReadOnlySpan<byte> original, Span<byte> destination, byte payloadType, uint ssrc, ushort sequenceNumber)
    {
        if (!RtpHeader.TryGetHeaderLength(original, out var headerLength) || original.Length + 2 > destination.Length)
        {
            return 0;
        }

        original[..headerLength].CopyTo(destination);
        BinaryPrimitives.WriteUInt16BigEndian(destination[headerLength..], BinaryPrimitives.ReadUInt16BigEndian(original[2..]));
        original[headerLength..].CopyTo(destination[(headerLength + 2)..]);
        RtpHeader.SetPayloadType(destination, payloadType);
        RtpHeader.SetSsrc(destination, ssrc);
        RtpHeader.SetSequenceNumber(destination, sequenceNumber);
        return original.Length + 2;
    }

    /// <summary>
    /// The reverse of <see cref="WriteRtx"/>, in place: the RTX packet becomes the packet it carries (OSN as its
    /// sequence number, the media payload type and SSRC). Returns the shorter packet, or empty when it carries none.
    /// </summary>
    public static Span<byte> UnwrapRtx(Span<byte> rtx, byte payloadType, uint ssrc)
    {
        if (!RtpHeader.TryGetHeaderLength(rtx, out var headerLength) || rtx.Length < headerLength + 2)
        {
            return [];
        }

        var original = BinaryPrimitives.ReadUInt16BigEndian(rtx[headerLength..]);
        rtx[(headerLength + 2)..].CopyTo(rtx[headerLength..]);
        var packet = rtx[..^2];
        RtpHeader.SetPayloadType(packet, payloadType);
        RtpHeader.SetSequenceNumber(packet, original);
        RtpHeader.SetSsrc(packet, ssrc);
        return packet;
    }

    private void MapPayloadType(byte from, byte to)
    {
        if (from < 128 && to < 128)
        {
            _payloadTypes[from] = to;
            SamePayloadTypes &= from == to;
        }
    }

    private void MapExtension(byte from, byte to)
    {
        _extensionIds[from] = to;
        SameExtensionIds &= from == to;
    }
}
