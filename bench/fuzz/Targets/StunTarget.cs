using MyVid.WebRtc.Ice;
using MyVid.WebRtc.Stun;

namespace MyVid.WebRtc.Fuzzing.Targets;

/// <summary>STUN parse, every attribute getter, MESSAGE-INTEGRITY and FINGERPRINT checks, and an ICE-lite agent answering.</summary>
public sealed class StunTarget : FuzzTarget
{
    private readonly StunIntegrityKey _key = StunIntegrityKey.ForShortTermPassword(Captures.ServerIce.Password);
    private readonly IceLiteAgent _agent = new(Captures.ServerIce, Captures.BrowserIce);
    private readonly byte[] _response = new byte[1500];
    private readonly DateTimeOffset _now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public StunTarget()
        : base("stun", Captures.StunMessages())
    {
    }

    public override bool Run(Span<byte> input)
    {
        StunMessage.LooksLikeStun(input);
        var parsed = StunMessage.TryParse(input, out var message);
        if (parsed)
        {
            _ = message.Class;
            _ = message.Method;
            _ = message.TransactionId;
            _ = message.HasUseCandidate;
            foreach (var attribute in message.GetAttributes())
            {
                _ = attribute.Value.Length;
            }

            message.TryGetUsername(out _);
            message.TryGetPriority(out _);
            message.TryGetIceControlling(out _);
            message.TryGetIceControlled(out _);
            message.TryGetErrorCode(out _, out _);
            message.TryGetXorMappedAddress(out _);
            message.CheckMessageIntegrity(_key);
            message.CheckFingerprint();
        }

        _agent.HandleDatagram(input, Captures.BrowserEndPoint, _now, _response, out _);
        return parsed;
    }

    protected override void Dispose(bool disposing)
    {
        _key.Dispose();
        _agent.Dispose();

        base.Dispose(disposing);
    }
}
