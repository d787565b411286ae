using Microsoft.Extensions.Options;
using MyVid.Platform.Storage;
using MyVid.Upload.Naming;
using MyVid.Upload.Persistence;
using MyVid.Upload.Verification;

namespace MyVid.Upload.Publishing;

/// <summary>
/// Checks what the store holds before anything is published: each object exists, is not empty, is within bounds,
/// and starts with the magic bytes its name promises. Gives one plain sentence per problem.
/// </summary>
internal sealed class UploadVerifier(IObjectStore store, IOptions<UploadOptions> options)
{
    public async Task<Verdict> VerifyAsync(PendingUpload upload, CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        var wrong = new List<string>();
        await CheckAsync(ObjectBucket.Videos, upload.VideoObjectKey, "video", options.Value.MaxVideoBytes, missing, wrong, cancellationToken);
        if (upload.PreviewObjectKey is { } preview)
        {
            await CheckAsync(ObjectBucket.Previews, preview, "preview", options.Value.MaxPreviewBytes, missing, wrong, cancellationToken);
        }
        return new Verdict(missing, wrong);
    }

    private async Task CheckAsync(ObjectBucket bucket, string key, string what, long maxBytes, List<string> missing, List<string> wrong,
        CancellationToken cancellationToken)
    {
        var info = await store.GetInfoAsync(bucket, key, cancellationToken);
        if (info is null)
        {
            missing.Add($"the {what} '{key}' has not been uploaded");
            return;
        }
        if (info.Length == 0)
        {
            missing.Add($"the {what} '{key}' is empty");
            return;
        }
        if (info.Length > maxBytes)
        {
            wrong.Add($"the {what} '{key}' is {info.Length} bytes, more than the {maxBytes} allowed");
            return;
        }
        var kind = UploadFileName.KindOf(key);
        var prefix = new byte[FileMagic.PrefixLength];
        var read = await store.ReadPrefixAsync(bucket, key, prefix, cancellationToken);
        if (!FileMagic.Matches(kind, prefix.AsSpan(0, read)))
        {
            wrong.Add($"the {what} '{key}' is not {FileMagic.Describe(kind)} as its name says");
        }
    }
}

/// <summary>What is missing (409) and what is there but wrong (422); empty lists mean the upload may be published.</summary>
internal sealed record Verdict(IReadOnlyList<string> Missing, IReadOnlyList<string> Wrong)
{
    public bool Passed => Missing.Count == 0 && Wrong.Count == 0;
}
