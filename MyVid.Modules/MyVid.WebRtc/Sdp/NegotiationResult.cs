namespace MyVid.WebRtc.Sdp;

/// <summary>A codec both sides agreed on: we send it with RemotePayloadType and receive it with LocalPayloadType.</summary>
/// <remarks>RFC 3264 §6.1: each side receives on the payload types it wrote, so the two may differ.</remarks>
public sealed record PayloadTypeMapping(RtpCodec Codec, byte LocalPayloadType, byte RemotePayloadType);

/// <summary>A header extension both sides agreed on, with the id each side wrote for it (RFC 8285 §6).</summary>
public sealed record ExtmapMapping(string Uri, int LocalId, int RemoteId);

/// <summary>One m= section after offer and answer; Direction is from our side.</summary>
public sealed record NegotiatedMedia(
    string Mid,
    MediaKind Kind,
    bool Accepted,
    MediaDirection Direction,
    IReadOnlyList<PayloadTypeMapping> Codecs,
    IReadOnlyList<ExtmapMapping> Extmaps,
    IReadOnlyList<SsrcLine> RemoteSsrcs);

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
