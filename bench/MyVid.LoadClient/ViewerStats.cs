using System.Diagnostics;

namespace MyVid.LoadClient;

/// <summary>
/// One SSRC as a receiver sees it (RFC 3550 A.1, A.3, A.8): extended sequence numbers, packets expected and
/// received, and interarrival jitter in timestamp units. Headers are read in the clear; nothing is decrypted here.
/// </summary>
internal sealed class SsrcStats(uint ssrc, int clockRate, bool isVideo, bool isRtx)
{
    public uint Ssrc { get; } = ssrc;

    public int ClockRate { get; } = clockRate;

    public bool IsVideo { get; } = isVideo;

    public bool IsRtx { get; } = isRtx;

    public long Received { get; private set; }

    private long _baseExtended = -1;
    private long _maxExtended;
    private long _lastTransit;
    private bool _hasTransit;

    /// <summary>Interarrival jitter, in timestamp units (RFC 3550 A.8; kept as a double, not the 1/16 fixed point).</summary>
    public double Jitter { get; private set; }

    public long Expected => _baseExtended < 0 ? 0 : _maxExtended - _baseExtended + 1;

    public long Lost => Math.Max(0, Expected - Received);

    public double JitterMs => ClockRate == 0 ? 0 : Jitter * 1000 / ClockRate;

    public void OnPacket(ushort sequence, uint timestamp, long arrivalTicks)
    {
        Received++;
        if (_baseExtended < 0)
        {
            _baseExtended = _maxExtended = sequence;
        }
        else
        {
            // The extended number nearest the highest so far (reordering both ways, the 16-bit wrap).
            var candidate = (_maxExtended & ~0xFFFFL) | sequence;
            if (candidate - _maxExtended > 0x8000)
            {
                candidate -= 0x10000;
            }
            else if (_maxExtended - candidate > 0x8000)
            {
                candidate += 0x10000;
            }

            if (candidate > _maxExtended)
            {
                _maxExtended = candidate;
            }
            else if (candidate < _baseExtended)
            {
                _baseExtended = candidate; // a packet older than the first one seen
            }
        }

        if (ClockRate == 0 || IsRtx)
        {
            return;
        }

        // transit = arrival (in timestamp units) - RTP timestamp; wrap-safe through 32-bit arithmetic.
        var arrival = (long)(arrivalTicks * (double)ClockRate / Stopwatch.Frequency);
        var transit = (long)(int)((uint)arrival - timestamp);
        if (_hasTransit)
        {
            var d = Math.Abs(transit - _lastTransit);
            Jitter += (d - Jitter) / 16;
        }

        _lastTransit = transit;
        _hasTransit = true;
    }
}
