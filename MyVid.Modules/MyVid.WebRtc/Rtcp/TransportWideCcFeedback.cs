using System.Buffers.Binary;

namespace MyVid.WebRtc.Rtcp;

/// <summary>One packet reported on by transport-wide CC feedback.</summary>
/// <param name="Delta">Receive time minus the previous received packet's (or the reference time), in 250 µs units.</param>
public readonly record struct TransportWideCcPacket(ushort SequenceNumber, bool IsReceived, int Delta)
{
    public long DeltaMicroseconds => Delta * 250L;
}

/// <summary>
/// Transport-wide congestion control feedback, RTPFB FMT 15 (draft-holmer-rmcat-transport-wide-cc-extensions-01
/// §3.1): base sequence number, status count, 24-bit reference time in 64 ms units, feedback count, run-length
/// and status vector chunks, then one 1-byte (small) or 2-byte signed (large) delta per received packet.
/// TryParse walks all chunks and deltas, so <see cref="TryGetPackets"/> only fails on a short destination.
/// </summary>
public readonly ref struct TransportWideCcFeedback
{
    public const int Format = 15;
    private const int FixedFciLength = 8;
    private const int NotReceived = 0;
    private const int SmallDelta = 1;
    private const int LargeDelta = 2;

    private readonly ReadOnlySpan<byte> _fci;

    private TransportWideCcFeedback(uint senderSsrc, uint mediaSsrc, ReadOnlySpan<byte> fci)
    {
        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
        _fci = fci;
    }

    public uint SenderSsrc { get; }

    public uint MediaSsrc { get; }

    public ushort BaseSequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_fci);

    public int PacketStatusCount => BinaryPrimitives.ReadUInt16BigEndian(_fci[2..]);

    /// <summary>Signed 24-bit reference time in multiples of 64 ms.</summary>
    public int ReferenceTime => (int)(BinaryPrimitives.ReadUInt32BigEndian(_fci[4..]) & 0xFFFF_FF00) >> 8;

    public long ReferenceTimeMicroseconds => ReferenceTime * 64_000L;

    public byte FeedbackPacketCount => _fci[7];

    public static bool TryParse(ReadOnlySpan<byte> data, out TransportWideCcFeedback feedback)
    {
        feedback = default;
        if (!RtcpFeedback.TryParse(data, RtcpPacketType.TransportFeedback, Format, out var sender, out var media, out var fci)
            || fci.Length < FixedFciLength)
        {
            return false;
        }

        var candidate = new TransportWideCcFeedback(sender, media, fci);
        if (!candidate.Walk([], out _))
        {
            return false;
        }

        feedback = candidate;
        return true;
    }

    /// <summary>
    /// Writes one entry per reported packet, in sequence order; <paramref name="destination"/> needs
    /// <see cref="PacketStatusCount"/> room.
    /// </summary>
    public bool TryGetPackets(Span<TransportWideCcPacket> destination, out int count)
    {
        count = 0;
        if (destination.Length < PacketStatusCount)
        {
            return false;
        }

        return Walk(destination, out count);
    }

    /// <summary>Decodes chunks then deltas; with an empty destination it only validates.</summary>
    private bool Walk(Span<TransportWideCcPacket> destination, out int count)
    {
        var total = PacketStatusCount;
        var chunks = _fci[FixedFciLength..];
        var chunkCount = 0;
        var deltaBytes = 0;
        count = 0;

        // First pass: how many chunks cover the statuses, and how many delta bytes follow them.
        for (var seen = 0; seen < total; chunkCount++)
        {
            if (chunks.Length < (2 * chunkCount) + 2)
            {
                return false;
            }

            var chunk = BinaryPrimitives.ReadUInt16BigEndian(chunks[(2 * chunkCount)..]);
            var symbols = Math.Min(SymbolCount(chunk), total - seen);
            for (var i = 0; i < symbols; i++)
            {
                var status = Symbol(chunk, i);
                if (status == 3)
                {
                    return false;
                }

                deltaBytes += status;
            }

            seen += symbols;
        }

        var deltas = chunks[(2 * chunkCount)..];
        if (deltas.Length < deltaBytes)
        {
            return false;
        }

        if (destination.IsEmpty)
        {
            return true;
        }

        var sequence = BaseSequenceNumber;
        var deltaOffset = 0;
        for (var c = 0; c < chunkCount; c++)
        {
            var chunk = BinaryPrimitives.ReadUInt16BigEndian(chunks[(2 * c)..]);
            var symbols = Math.Min(SymbolCount(chunk), total - count);
            for (var i = 0; i < symbols; i++)
            {
                var status = Symbol(chunk, i);
                var delta = status switch
                {
                    SmallDelta => deltas[deltaOffset],
                    LargeDelta => BinaryPrimitives.ReadInt16BigEndian(deltas[deltaOffset..]),
                    _ => 0,
                };
                deltaOffset += status;
                destination[count++] = new TransportWideCcPacket(sequence++, status != NotReceived, delta);
            }
        }

        return true;
    }

    /// <summary>Run length: 13-bit length. Status vector: 14 one-bit or 7 two-bit symbols.</summary>
    private static int SymbolCount(ushort chunk) =>
        (chunk & 0x8000) == 0 ? chunk & 0x1FFF : (chunk & 0x4000) == 0 ? 14 : 7;

    /// <summary>The 2-bit status of symbol <paramref name="index"/>; a 1-bit symbol 1 means a small delta.</summary>
    private static int Symbol(ushort chunk, int index)
    {
        if ((chunk & 0x8000) == 0)
        {
            return (chunk >> 13) & 0x03;
        }

        return (chunk & 0x4000) == 0
            ? (chunk >> (13 - index)) & 0x01
            : (chunk >> (12 - (2 * index))) & 0x03;
    }
}
