using System.Text;
using MyVid.WebRtc.Stun;

namespace MyVid.WebRtc.Ice;

/// <summary>
/// One generation of credentials in the form the wire needs (RFC 8445 §7.2.2, §7.3): the USERNAME a peer's request
/// must carry ("localUfrag:remoteUfrag"), the one our requests carry ("remoteUfrag:localUfrag"), and the HMAC keys
/// of both passwords. Built once per generation so that checks allocate nothing.
/// </summary>
internal sealed class IceKeys : IDisposable
{
    private readonly byte[] _incomingUsername;

    public IceKeys(IceCredentials local, IceCredentials? remote)
    {
        Local = local;
        Remote = remote;
        LocalKey = StunIntegrityKey.ForShortTermPassword(local.Password);
        _incomingUsername = Encoding.UTF8.GetBytes($"{local.Ufrag}:{remote?.Ufrag}");
        if (remote is not null)
        {
            RemoteKey = StunIntegrityKey.ForShortTermPassword(remote.Password);
            OutgoingUsername = Encoding.UTF8.GetBytes($"{remote.Ufrag}:{local.Ufrag}");
        }
    }

    public IceCredentials Local { get; }

    public IceCredentials? Remote { get; }

    /// <summary>Checks requests we receive and signs our responses to them.</summary>
    public StunIntegrityKey LocalKey { get; }

    /// <summary>Signs our requests and checks the responses to them; null until the remote password is known.</summary>
    public StunIntegrityKey? RemoteKey { get; }

    public byte[] OutgoingUsername { get; } = [];

    /// <summary>
    /// USERNAME and MESSAGE-INTEGRITY of a request sent to us. Before the remote ufrag is known only our half is
    /// compared (a check can beat the SDP answer, RFC 8445 §7.3).
    /// </summary>
    public bool Authenticates(in StunMessage request)
    {
        if (!request.TryGetUsername(out var username))
        {
            return false;
        }

        bool userMatches = Remote is null
            ? username.StartsWith(_incomingUsername)
            : username.SequenceEqual(_incomingUsername);
        return userMatches && request.CheckMessageIntegrity(LocalKey);
    }

    public void Dispose()
    {
        LocalKey.Dispose();
        RemoteKey?.Dispose();
    }
}
