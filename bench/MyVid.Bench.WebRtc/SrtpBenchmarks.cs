using BenchmarkDotNet.Attributes;
using MyVid.WebRtc.Fuzzing;
using MyVid.WebRtc.Fuzzing.Targets;
using MyVid.WebRtc.Rtp;
using MyVid.WebRtc.Srtp;

namespace MyVid.Bench.WebRtc;

/// <summary>
/// SRTP protect and unprotect of a 1,200-byte VP8 packet, SRTCP protect of an SR + SDES compound, per profile.
/// Protect advances the sequence number every operation, as a sender does, so the ROC logic runs for real.
/// Unprotect walks a ring of packets protected in advance with consecutive sequence numbers; since the same
/// packets again would be replays, each pass over the ring starts with a fresh receiving context (its cost,
/// <see cref="CreateContext"/>, is spread over <see cref="RingLength"/> packets), and each packet is copied to a
/// work buffer first because unprotect decrypts in place (<see cref="CopyOnly"/> is that copy alone).
/// </summary>
[MemoryDiagnoser]
public class SrtpBenchmarks : IDisposable
{
    public const int PacketLength = 1200;
    public const int RingLength = 16384;

    private byte[] _buffer = [];
    private byte[] _rtcp = [];
    private int _rtcpLength;
    private byte[][] _ring = [];
    private byte[] _work = [];
    private ushort _sequence;
    private SrtpContext? _sender;
    private SrtpContext? _receiver;
    private SrtpProfile _profile = SrtpProfile.AeadAes128Gcm;

    [Params(SrtpProtectionProfile.AeadAes128Gcm, SrtpProtectionProfile.AeadAes256Gcm, SrtpProtectionProfile.Aes128CmHmacSha1Tag80)]
    public SrtpProtectionProfile Profile { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        SrtpProfile.TryGet(Profile, out var profile);
        _profile = profile!;
        _sender = SrtpTarget.CreateContext(_profile);
        _buffer = new byte[PacketLength + _profile.RtpOverhead];
        Captures.Vp8Packet(PacketLength).CopyTo(_buffer, 0);

        var sr = Captures.SenderReportWithSdes();
        _rtcpLength = sr.Length;
        _rtcp = new byte[sr.Length + _profile.RtcpOverhead];
        sr.CopyTo(_rtcp, 0);

        using var ringSender = SrtpTarget.CreateContext(_profile);
        _ring = new byte[RingLength][];
        for (var i = 0; i < RingLength; i++)
        {
            var packet = new byte[PacketLength + _profile.RtpOverhead];
            Captures.Vp8Packet(PacketLength, (ushort)(i + 1)).CopyTo(packet, 0);
            ringSender.TryProtectRtp(packet, PacketLength, out _);
            _ring[i] = packet;
        }

        _work = new byte[_ring[0].Length];
        _receiver = SrtpTarget.CreateContext(_profile);
    }

    [Benchmark]
    public bool Protect()
    {
        RtpHeader.SetSequenceNumber(_buffer, ++_sequence);
        return _sender!.TryProtectRtp(_buffer, PacketLength, out _);
    }

    [Benchmark(OperationsPerInvoke = RingLength)]
    public int Unprotect()
    {
        _receiver!.Dispose();
        _receiver = SrtpTarget.CreateContext(_profile);
        var accepted = 0;
        foreach (var packet in _ring)
        {
            packet.CopyTo(_work, 0);
            if (_receiver.TryUnprotectRtp(_work, out _))
            {
                accepted++;
            }
        }

        return accepted == RingLength ? accepted : throw new InvalidOperationException($"only {accepted} packets authenticated");
    }

    [Benchmark(OperationsPerInvoke = RingLength)]
    public int CopyOnly()
    {
        foreach (var packet in _ring)
        {
            packet.CopyTo(_work, 0);
        }

        return _work[^1];
    }

    [Benchmark]
    public bool ProtectRtcp() => _sender!.TryProtectRtcp(_rtcp, _rtcpLength, out _);

    [Benchmark]
    public void CreateContext() => SrtpTarget.CreateContext(_profile).Dispose();

    [GlobalCleanup]
    public void Dispose()
    {
        _sender?.Dispose();
        _receiver?.Dispose();
        GC.SuppressFinalize(this);
    }
}
