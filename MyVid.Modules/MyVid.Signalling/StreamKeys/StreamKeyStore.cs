using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using MyVid.Platform.Ids;
using MyVid.Signalling.Contracts;
using MyVid.Signalling.Persistence;

namespace MyVid.Signalling.StreamKeys;

/// <summary>Creates, lists, revokes and verifies stream keys; the database holds only their hashes.</summary>
internal sealed class StreamKeyStore(SignallingDbContext db, TimeProvider clock) : IStreamKeys
{
    /// <summary>Keys start with this, so a leaked one is recognisable (secret scanners, logs).</summary>
    public const string Prefix = "mvk_";

    /// <summary>40 base62 characters ≈ 238 bits: no guessing, and a plain hash is enough (no slow KDF needed).</summary>
    private const int SecretLength = 40;

    public const int MaxNameLength = 64;

    public async Task<(string Id, string Key)> CreateAsync(string name, CancellationToken cancellationToken)
    {
        var key = Prefix + ShortId.New(SecretLength);
        var record = new StreamKeyRecord { Id = ShortId.New(), Name = name, KeyHash = Hash(key), CreatedAtUtc = clock.GetUtcNow().UtcDateTime };
        db.StreamKeys.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return (record.Id, key);
    }

    public Task<List<StreamKeyRecord>> ListAsync(CancellationToken cancellationToken) =>
        db.StreamKeys.AsNoTracking().OrderBy(k => k.CreatedAtUtc).ThenBy(k => k.Id).ToListAsync(cancellationToken);

    /// <summary>False when there is no such key; revoking a revoked key keeps its first revocation time.</summary>
    public async Task<bool> RevokeAsync(string id, CancellationToken cancellationToken)
    {
        var record = ShortId.IsWellFormed(id) ? await db.StreamKeys.FirstOrDefaultAsync(k => k.Id == id, cancellationToken) : null;
        if (record is null)
        {
            return false;
        }
        record.RevokedAtUtc ??= clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public async Task<string?> VerifyAsync(string key, CancellationToken cancellationToken)
    {
        if (!key.StartsWith(Prefix, StringComparison.Ordinal) || key.Length != Prefix.Length + SecretLength)
        {
            return null;
        }
        var hash = Hash(key);
        return await db.StreamKeys.AsNoTracking().Where(k => k.KeyHash == hash && k.RevokedAtUtc == null)
            .Select(k => k.Name).FirstOrDefaultAsync(cancellationToken);
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
