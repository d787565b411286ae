namespace MyVid.Signalling.Persistence;

/// <summary>A stream key for WHIP ingest. Only its SHA-256 is kept: the key itself is shown once, when created.</summary>
internal sealed class StreamKeyRecord
{
    /// <summary>A short id to list and revoke the key by; not part of the key.</summary>
    public required string Id { get; set; }

    /// <summary>The operator's label, e.g. the studio or person the key was given to.</summary>
    public required string Name { get; set; }

    /// <summary>Lowercase hex SHA-256 of the key; unique.</summary>
    public required string KeyHash { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    /// <summary>Set once the key is revoked; a revoked key is kept (listed) but never accepted again.</summary>
    public DateTime? RevokedAtUtc { get; set; }
}
