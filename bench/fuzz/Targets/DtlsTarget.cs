using System.Text;
using MyVid.WebRtc.Dtls;

namespace MyVid.WebRtc.Fuzzing.Targets;

/// <summary>
/// What the library itself reads of DTLS: the RFC 7983 record check that routes datagrams, and the SDP
/// fingerprint the handshake is checked against. Record and handshake parsing are BouncyCastle's.
/// </summary>
public sealed class DtlsTarget : FuzzTarget
{
    public DtlsTarget()
        : base("dtls", [Captures.DtlsClientHello, .. Captures.Fingerprints.Select(Encoding.UTF8.GetBytes)])
    {
    }

    public override bool Run(Span<byte> input)
    {
        var dtls = DtlsRecord.IsDtls(input);
        if (DtlsFingerprint.TryParse(Encoding.UTF8.GetString(input), out var fingerprint))
        {
            var written = fingerprint.ToString();
            if (!DtlsFingerprint.TryParse(written, out var again) || !again.Equals(fingerprint))
            {
                throw new FuzzInvariantException($"'{written}' does not round-trip");
            }

            return true;
        }

        return dtls;
    }
}
