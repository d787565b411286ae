using MyVid.WebRtc.Dtls;

namespace MyVid.WebRtc.Sdp;

/// <summary>What the transport needs from a finished offer/answer exchange: the remote ICE and DTLS parameters.</summary>
public sealed class NegotiationResult
{
    internal NegotiationResult(MediaDescription remoteTransport, bool remoteIceLite, DtlsRole localDtlsRole, IReadOnlyList<string> remoteCandidates, IReadOnlyList<NegotiatedMedia> media)
    {
        RemoteIceUfrag = remoteTransport.IceUfrag!;
        RemoteIcePwd = remoteTransport.IcePwd!;
        RemoteFingerprint = remoteTransport.Fingerprints[0];
        RemoteIceLite = remoteIceLite;
        LocalDtlsRole = localDtlsRole;
        RemoteCandidates = remoteCandidates;
        Media = media;
    }

    public string RemoteIceUfrag { get; }

    public string RemoteIcePwd { get; }

    public bool RemoteIceLite { get; }

    /// <summary>The certificate fingerprint the remote DTLS handshake must show (RFC 8122 §5).</summary>
    public SdpFingerprint RemoteFingerprint { get; }

    public DtlsRole LocalDtlsRole { get; }

    /// <summary>The remote a=candidate values, unparsed.</summary>
    public IReadOnlyList<string> RemoteCandidates { get; }

    public IReadOnlyList<NegotiatedMedia> Media { get; }
}
