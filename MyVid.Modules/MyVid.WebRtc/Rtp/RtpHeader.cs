using System.Buffers.Binary;

namespace MyVid.WebRtc.Rtp;

/// <summary>
/// A validated view over an RTP packet's fixed header, CSRCs and header extension (RFC 3550 §5.1, §5.3.1).
/// The static setters rewrite fields in place, as an SFU does per viewer.
/// </summary>
public readonly ref struct RtpHeader
{
    public const int FixedLength = 12;

    private readonly ReadOnlySpan<byte> _packet;

    private RtpHeader(ReadOnlySpan<byte> packet, int headerLength, int paddingLength)
    {
        _packet = packet;
        HeaderLength = headerLength;
        PaddingLength = paddingLength;
    }

    public bool HasPadding => (_packet[0] & 0x20) != 0;

    public bool HasExtension => (_packet[0] & 0x10) != 0;

    public int CsrcCount => _packet[0] & 0x0F;

    public bool Marker => (_packet[1] & 0x80) != 0;

    public byte PayloadType => (byte)(_packet[1] & 0x7F);

    public ushort SequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_packet[2..]);

    public uint Timestamp => BinaryPrimitives.ReadUInt32BigEndian(_packet[4..]);

    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_packet[8..]);

    /// <summary>Length of the fixed header, CSRCs and extension: where the payload starts.</summary>
    public int HeaderLength { get; }

    /// <summary>Padding bytes at the end of the packet, including the count byte itself.</summary>
    public int PaddingLength { get; }

    /// <summary>The "defined by profile" word of the extension, 0xBEDE or 0x100X for RFC 8285; 0 without one.</summary>
    public ushort ExtensionProfile =>
        HasExtension ? BinaryPrimitives.ReadUInt16BigEndian(_packet[ExtensionOffset..]) : (ushort)0;

    /// <summary>The extension's data words, after its 4-byte header; empty without one.</summary>
    public ReadOnlySpan<byte> ExtensionData =>
        HasExtension ? _packet[(ExtensionOffset + 4)..HeaderLength] : [];

    /// <summary>The RFC 8285 elements of the extension, if it uses the one- or two-byte form.</summary>
    public RtpExtensionEnumerator Extensions => new(ExtensionProfile, ExtensionData);

    public ReadOnlySpan<byte> Payload => _packet[HeaderLength..(_packet.Length - PaddingLength)];

    private int ExtensionOffset => FixedLength + (4 * CsrcCount);

    public uint GetCsrc(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, CsrcCount);
        return BinaryPrimitives.ReadUInt32BigEndian(_packet[(FixedLength + (4 * index))..]);
    }

    public bool TryGetExtension(byte id, out ReadOnlySpan<byte> data)
    {
        foreach (var extension in Extensions)
        {
            if (extension.Id == id)
            {
                data = extension.Data;
                return true;
            }
        }

        data = default;
        return false;
    }

    /// <summary>Validates version, CSRCs, extension and padding lengths against the packet.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtpHeader header)
    {
        header = default;
        if (!TryGetHeaderLength(packet, out var headerLength))
        {
            return false;
        }

        var paddingLength = 0;
        if ((packet[0] & 0x20) != 0)
        {
            paddingLength = packet[^1];
            if (paddingLength == 0 || paddingLength > packet.Length - headerLength)
            {
                return false;
            }
        }

        header = new RtpHeader(packet, headerLength, paddingLength);
        return true;
    }

    /// <summary>
    /// The header length alone, without looking at padding: what SRTP needs, since there the padding and
    /// its count byte are encrypted.
    /// </summary>
    public static bool TryGetHeaderLength(ReadOnlySpan<byte> packet, out int headerLength)
    {
        headerLength = 0;
        if (packet.Length < FixedLength || packet[0] >> 6 != 2)
        {
            return false;
        }

        var length = FixedLength + (4 * (packet[0] & 0x0F));
        if ((packet[0] & 0x10) != 0)
        {
            if (packet.Length < length + 4)
            {
                return false;
            }

            length += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(length + 2)..]));
        }

        if (length > packet.Length)
        {
            return false;
        }

        headerLength = length;
        return true;
    }

    public static void SetMarker(Span<byte> packet, bool marker) =>
        packet[1] = (byte)((packet[1] & 0x7F) | (marker ? 0x80 : 0));

    public static void SetPayloadType(Span<byte> packet, byte payloadType)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadType, (byte)127);
        packet[1] = (byte)((packet[1] & 0x80) | payloadType);
    }

    public static void SetSequenceNumber(Span<byte> packet, ushort sequenceNumber) =>
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], sequenceNumber);

    public static void SetTimestamp(Span<byte> packet, uint timestamp) =>
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], timestamp);

    public static void SetSsrc(Span<byte> packet, uint ssrc) =>
        BinaryPrimitives.WriteUInt32BigEndian(packet[8..], ssrc);
}
