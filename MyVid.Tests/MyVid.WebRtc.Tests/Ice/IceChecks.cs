using System.Text;
using MyVid.WebRtc.Ice;
using MyVid.WebRtc.Stun;

namespace MyVid.WebRtc.Tests.Ice;

/// <summary>Hand-written ICE checks, as a browser sends them.</summary>
internal static class IceChecks
{
    /// <summary>A Binding request with USERNAME, PRIORITY, a role, MESSAGE-INTEGRITY of <paramref name="password"/>; its length.</summary>
    public static int Write(Span<byte> request, string username, string password, bool useCandidate, bool controlling = true,
        bool fingerprint = true)
    {
        using var key = StunIntegrityKey.ForShortTermPassword(password);
        using var random = System.Security.Cryptography.RandomNumberGenerator.Create();
        var writer = new StunMessageWriter(request, StunClass.Request, StunMethod.Binding, StunTransactionId.Create(random));
        writer.AddUsername(Encoding.UTF8.GetBytes(username));
        writer.AddPriority(IceCandidate.ComputePriority(IceCandidateType.PeerReflexive, 32542, 1));
        if (controlling)
        {
            writer.AddIceControlling(42);
        }
        else
        {
            writer.AddIceControlled(42);
        }

        if (useCandidate)
        {
            writer.AddUseCandidate();
        }

        writer.AddMessageIntegrity(key);
        if (fingerprint)
        {
            writer.AddFingerprint();
        }

        Assert.That(writer.TryComplete(out int written), Is.True);
        return written;
    }
}
