using MyVid.WebRtc.Srtp;

namespace MyVid.WebRtc.Fuzzing.Targets;

/// <summary>
/// SRTP and SRTCP unprotect of mutated protected packets under all three profiles: every one must come back
/// false (or, for an unchanged seed, true once) without an exception.
/// </summary>
public sealed class SrtpTarget : FuzzTarget
{
    private static readonly SrtpProfile[] Profiles = [SrtpProfile.AeadAes128Gcm, SrtpProfile.AeadAes256Gcm, SrtpProfile.Aes128CmHmacSha1Tag80];

    private readonly SrtpContext[] _receivers;
    private readonly byte[] _scratch = new byte[4096];

    public SrtpTarget()
        : base("srtp", ProtectedSeeds())
    {
        _receivers = [.. Profiles.Select(p => CreateContext(p))];
    }

    public override bool Run(Span<byte> input)
    {
        var authenticated = false;
        foreach (var receiver in _receivers)
        {
            var copy = _scratch.AsSpan(0, input.Length);
            input.CopyTo(copy);
            authenticated |= receiver.TryUnprotectRtp(copy, out _);
            input.CopyTo(copy);
            authenticated |= receiver.TryUnprotectRtcp(copy, out _);
        }

        return authenticated;
    }

    protected override void Dispose(bool disposing)
    {
        foreach (var receiver in _receivers)
        {
            receiver.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Both sides of one profile take the same master key and salt, as the two ends of a DTLS export do.</summary>
    public static SrtpContext CreateContext(SrtpProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var key = new byte[profile.KeyLength];
        var salt = new byte[profile.SaltLength];
        for (var i = 0; i < key.Length; i++)
        {
            key[i] = (byte)(0x10 + i);
        }

        for (var i = 0; i < salt.Length; i++)
        {
            salt[i] = (byte)(0xA0 + i);
        }

        return SrtpContext.Create(profile, key, salt);
    }

    private static List<byte[]> ProtectedSeeds()
    {
        var seeds = new List<byte[]>();
        foreach (var profile in Profiles)
        {
            using var sender = CreateContext(profile);
            foreach (var packet in Captures.RtpPackets())
            {
                var buffer = new byte[packet.Length + profile.RtpOverhead];
                packet.CopyTo(buffer, 0);
                if (sender.TryProtectRtp(buffer, packet.Length, out var length))
                {
                    seeds.Add(buffer[..length]);
                }
            }

            foreach (var packet in Captures.RtcpPackets())
            {
                var buffer = new byte[packet.Length + profile.RtcpOverhead];
                packet.CopyTo(buffer, 0);
                if (sender.TryProtectRtcp(buffer, packet.Length, out var length))
                {
                    seeds.Add(buffer[..length]);
                }
            }
        }

        return seeds;
    }
}
