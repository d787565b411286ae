using MyVid.WebRtc.Rtcp;

namespace MyVid.Media.Sfu;

/// <summary>
/// Upstream repair of one publisher video track: gaps in its sequence numbers become generic NACKs to the publisher
/// (answered with RTX), so a loss between publisher and node is repaired once for every viewer instead of by each.
/// Bounded: at most <see cref="MaxMissing"/> numbers outstanding (the oldest forgotten), each asked at most
/// <see cref="MaxAttempts"/> times, a jump larger than <see cref="MaxGap"/> (encoder restart) forgotten. Fixed
/// arrays, no allocation. Loop thread only.
/// </summary>
internal sealed class UpstreamRepair
{
    public const int MaxMissing = 64;
    public const int MaxAttempts = 3;
    public const int MaxGap = 100;
    public static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(100);

    // Missing numbers in ascending (wrapping) order, as GenericNack.TryWrite packs them; with what each was asked.
    private readonly ushort[] _missing = new ushort[MaxMissing];
    private readonly byte[] _attempts = new byte[MaxMissing];
    private int _count;
    private ushort _highest;
    private bool _started;
    private bool _newGap;
    private DateTimeOffset _nextRetry;

    public int Outstanding => _count;

    /// <summary>NACKs written since start.</summary>
    public long NacksSent { get; private set; }

    /// <summary>Missing packets that arrived after all (repaired or late).</summary>
    public long Recovered { get; private set; }

    /// <summary>A media packet (or an RTX packet unwrapped to it) arrived; false when it is a duplicate or too old to matter.</summary>
    public bool OnReceived(ushort sequenceNumber)
    {
        if (!_started)
        {
            _started = true;
            _highest = sequenceNumber;
            return true;
        }

        var ahead = (short)(sequenceNumber - _highest);
        if (ahead <= 0)
        {
            if (!Remove(sequenceNumber))
            {
                return false;
            }

            Recovered++;
            return true;
        }

        if (ahead - 1 > MaxGap)
        {
            _count = 0; // a new run of numbers: nothing before it is worth asking for
        }
        else
        {
            for (var lost = (ushort)(_highest + 1); lost != sequenceNumber; lost++)
            {
                Add(lost);
            }
        }

        _highest = sequenceNumber;
        return true;
    }

    /// <summary>
    /// Writes a generic NACK for what is missing, when a new gap appeared or the retry interval passed; 0 when there is
    /// nothing to ask now. Numbers asked <see cref="MaxAttempts"/> times are given up.
    /// </summary>
    public int WriteNack(Span<byte> destination, uint senderSsrc, uint mediaSsrc, DateTimeOffset now)
    {
        if (_count == 0 || (!_newGap && now < _nextRetry))
        {
            return 0;
        }

        _newGap = false;
        _nextRetry = now + RetryInterval;
        Span<ushort> ask = stackalloc ushort[MaxMissing];
        var asked = 0;
        var kept = 0;
        for (var i = 0; i < _count; i++)
        {
            if (_attempts[i] >= MaxAttempts)
            {
                continue;
            }

            ask[asked++] = _missing[i];
            _missing[kept] = _missing[i];
            _attempts[kept++] = (byte)(_attempts[i] + 1);
        }

        _count = kept;
        if (asked == 0 || !GenericNack.TryWrite(destination, senderSsrc, mediaSsrc, ask[..asked], out var written))
        {
            return 0;
        }

        NacksSent++;
        return written;
    }

    private void Add(ushort sequenceNumber)
    {
        if (_count == MaxMissing)
        {
            Array.Copy(_missing, 1, _missing, 0, MaxMissing - 1); // forget the oldest
            Array.Copy(_attempts, 1, _attempts, 0, MaxMissing - 1);
            _count--;
        }

        _missing[_count] = sequenceNumber;
        _attempts[_count++] = 0;
        _newGap = true;
    }

    private bool Remove(ushort sequenceNumber)
    {
        var index = Array.IndexOf(_missing, sequenceNumber, 0, _count);
        if (index < 0)
        {
            return false;
        }

        Array.Copy(_missing, index + 1, _missing, index, _count - index - 1);
        Array.Copy(_attempts, index + 1, _attempts, index, _count - index - 1);
        _count--;
        return true;
    }
}
