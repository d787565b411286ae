using System.Buffers.Binary;

namespace MyVid.WebRtc.Rtcp;

/// <summary>One FIR entry: the SSRC asked for a key frame and the command sequence number.</summary>
public readonly record struct FirEntry(uint Ssrc, byte SequenceNumber);

/// <summary>FIR, PSFB FMT 4 (RFC 5104 §4.3.1): media SSRC 0, then 8-byte entries.</summary>
public readonly ref struct FullIntraRequest
{
    public const int Format = 4;
    private const int EntryLength = 8;

    private readonly ReadOnlySpan<byte> _entries;

    private FullIntraRequest(uint senderSsrc, ReadOnlySpan<byte> entries)
    {
        SenderSsrc = senderSsrc;
        _entries = entries;
    }

    public uint SenderSsrc { get; }

    public int EntryCount => _entries.Length / EntryLength;

    public FirEntry GetEntry(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, EntryCount);
        var entry = _entries.Slice(index * EntryLength, EntryLength);
        return new FirEntry(BinaryPrimitives.ReadUInt32BigEndian(entry), entry[4]);
    }

    public static bool TryParse(ReadOnlySpan<byte> data, out FullIntraRequest fir)
    {
        fir = default;
        if (!RtcpFeedback.TryParse(data, RtcpPacketType.PayloadSpecificFeedback, Format, out var sender, out _, out var fci)
            || fci.IsEmpty || fci.Length % EntryLength != 0)
        {
            return false;
        }

        fir = new FullIntraRequest(sender, fci);
        return true;
    }

    public static int GetByteCount(int entryCount) => RtcpFeedback.HeaderLength + (entryCount * EntryLength);

    public static bool TryWrite(Span<byte> destination, uint senderSsrc, ReadOnlySpan<FirEntry> entries, out int written)
    {
        written = 0;
        var length = GetByteCount(entries.Length);
        if (entries.IsEmpty || destination.Length < length)
        {
            return false;
        }

        RtcpFeedback.WriteHeader(destination, RtcpPacketType.PayloadSpecificFeedback, Format, length, senderSsrc, 0);
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = destination.Slice(RtcpFeedback.HeaderLength + (i * EntryLength), EntryLength);
            BinaryPrimitives.WriteUInt32BigEndian(entry, entries[i].Ssrc);
            entry[4] = entries[i].SequenceNumber;
            entry[5..].Clear();
        }

        written = length;
        return true;
    }
}
