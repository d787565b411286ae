using Microsoft.Extensions.Options;
using MyVid.Signalling.Api;

namespace MyVid.Signalling.Ice;

/// <summary>The configured STUN servers, then the TURN servers with a fresh credential (one per answer, shared by its URLs).</summary>
internal sealed class IceServers(IOptions<SignallingOptions> options, TimeProvider clock)
{
    public PeerOptionsDto Current()
    {
        var ice = options.Value.Ice;
        var servers = new List<IceServerDto>(ice.StunUrls.Count + ice.TurnUrls.Count);
        servers.AddRange(ice.StunUrls.Select(u => new IceServerDto(u)));
        if (ice.TurnUrls.Count > 0)
        {
            var (username, credential) = TurnCredentials.Create(ice.TurnSecret!, ice.TurnUser, clock.GetUtcNow() + ice.CredentialLifetime);
            servers.AddRange(ice.TurnUrls.Select(u => new IceServerDto(u, credential, username)));
        }
        return new PeerOptionsDto(servers);
    }
}
