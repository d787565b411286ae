using System.Diagnostics.CodeAnalysis;
using MyVid.WebRtc.Dtls;
using MyVid.WebRtc.Ice;
using MyVid.WebRtc.Sdp;

namespace MyVid.WebRtc.Peer;

/// <summary>The peer's ICE credentials and certificate fingerprint, checked as the protocols need them.</summary>
internal static class RemoteTransport
{
    public static bool TryRead(NegotiationResult negotiation, [NotNullWhen(true)] out IceCredentials? ice,
        [NotNullWhen(true)] out DtlsFingerprint? fingerprint, out string error)
    {
        ice = null;
        fingerprint = null;
        try
        {
            ice = new IceCredentials(negotiation.RemoteIceUfrag, negotiation.RemoteIcePwd);
        }
        catch (ArgumentException e)
        {
            error = "remote ICE credentials: " + e.Message;
            return false;
        }

        var remote = negotiation.RemoteFingerprint;
        if (!DtlsFingerprint.TryParse($"{remote.HashFunction} {remote.Value}", out fingerprint))
        {
            error = $"remote fingerprint '{remote.HashFunction} {remote.Value}' is not one we can check";
            return false;
        }

        error = "";
        return true;
    }
}
