using MyVid.WebRtc.Fuzzing.Targets;

namespace MyVid.WebRtc.Fuzzing;

/// <summary>Every target, by name; each call builds fresh state (keys, agents, SRTP contexts) the caller disposes.</summary>
public static class FuzzTargets
{
    public static IReadOnlyList<string> Names { get; } = ["stun", "rtp", "rtcp", "sdp", "ice-candidate", "dtls", "srtp"];

    public static FuzzTarget Create(string name) => name switch
    {
        "stun" => new StunTarget(),
        "rtp" => new RtpTarget(),
        "rtcp" => new RtcpTarget(),
        "sdp" => new SdpTarget(),
        "ice-candidate" => new IceCandidateTarget(),
        "dtls" => new DtlsTarget(),
        "srtp" => new SrtpTarget(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown fuzz target."),
    };
}
