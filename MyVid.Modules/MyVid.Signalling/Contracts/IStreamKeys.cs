namespace MyVid.Signalling.Contracts;

/// <summary>Stream keys for WHIP ingest (<c>Authorization: Bearer KEY</c>), created and revoked with <c>MyVid.Host stream-keys</c>.</summary>
public interface IStreamKeys
{
    /// <summary>The key's name when it exists and is not revoked; null otherwise.</summary>
    Task<string?> VerifyAsync(string key, CancellationToken cancellationToken);
}
