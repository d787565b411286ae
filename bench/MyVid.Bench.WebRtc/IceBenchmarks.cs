using System.Net;
using BenchmarkDotNet.Attributes;
using MyVid.WebRtc.Fuzzing;
using MyVid.WebRtc.Ice;
using MyVid.WebRtc.Stun;

namespace MyVid.Bench.WebRtc;

/// <summary>
/// A connected ICE-lite agent answering a browser's nominating check: STUN parse, FINGERPRINT, USERNAME,
/// MESSAGE-INTEGRITY, then a signed and fingerprinted success response with XOR-MAPPED-ADDRESS.
/// </summary>
[MemoryDiagnoser]
public class IceBenchmarks : IDisposable
{
    private readonly byte[] _request = Captures.BindingRequest(42, useCandidate: true);
    private readonly byte[] _response = new byte[1500];
    private readonly IPEndPoint _from = Captures.BrowserEndPoint;
    private readonly DateTimeOffset _now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly StunIntegrityKey _key = StunIntegrityKey.ForShortTermPassword(Captures.ServerIce.Password);
    private IceLiteAgent? _agent;

    [GlobalSetup]
    public void Setup()
    {
        _agent = new IceLiteAgent(Captures.ServerIce, Captures.BrowserIce);

        // The first check selects the pair (and queues the Connected event); the measured ones are consent checks.
        if (!_agent.HandleDatagram(_request, _from, _now, _response, out _) || !_agent.TryPollEvent(out _))
        {
            throw new InvalidOperationException("the agent did not answer the check");
        }
    }

    [Benchmark]
    public int CheckValidateAndAnswer() =>
        _agent!.HandleDatagram(_request, _from, _now, _response, out var length) ? length : throw new InvalidOperationException();

    [Benchmark]
    public bool StunParseAndVerify() =>
        StunMessage.TryParse(_request, out var message) && message.CheckFingerprint() && message.CheckMessageIntegrity(_key);

    [GlobalCleanup]
    public void Dispose()
    {
        _agent?.Dispose();
        _key.Dispose();
        GC.SuppressFinalize(this);
    }
}
