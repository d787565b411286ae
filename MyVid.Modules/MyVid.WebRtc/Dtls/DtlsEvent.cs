namespace MyVid.WebRtc.Dtls;

/// <summary>Something a <see cref="DtlsConnection"/> reports through <see cref="DtlsConnection.PollEvent"/>.</summary>
public abstract record DtlsEvent;

/// <summary>
/// The handshake completed: the peer's certificate matched the expected fingerprint and SRTP keys were exported.
/// </summary>
/// <param name="Keys">The SRTP master keys and salts for the negotiated profile.</param>
/// <param name="RemoteFingerprint">The expected fingerprint the peer's certificate was verified against.</param>
public sealed record DtlsConnected(DtlsKeyingMaterial Keys, DtlsFingerprint RemoteFingerprint) : DtlsEvent;

/// <summary>The handshake or the connection failed; nothing more will happen on it.</summary>
/// <param name="Reason">What went wrong, for logs.</param>
public sealed record DtlsFailed(string Reason) : DtlsEvent;

/// <summary>The peer closed the connection with close_notify (RFC 5246 7.2.1).</summary>
public sealed record DtlsClosed : DtlsEvent;

/// <summary>Where a <see cref="DtlsConnection"/> stands.</summary>
public enum DtlsState
{
    /// <summary>Not started yet.</summary>
    New,

    /// <summary>Handshake queued or under way.</summary>
    Handshaking,

    /// <summary>Handshake done, keys exported.</summary>
    Connected,

    /// <summary>Closed by either side.</summary>
    Closed,

    /// <summary>Failed: timeout, bad fingerprint, alert or no common profile.</summary>
    Failed,
}
