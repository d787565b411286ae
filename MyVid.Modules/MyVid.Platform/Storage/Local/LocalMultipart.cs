using System.Globalization;
using MyVid.Platform.Ids;

namespace MyVid.Platform.Storage.Local;

/// <summary>
/// Multipart uploads on local disk, shaped like S3's: each upload is a folder <c>{root}/.multipart/{uploadId}</c>
/// holding a <c>target</c> file (bucket and key) and one file per part; completing concatenates the parts into the
/// object atomically. Bucket names cannot start with '.', so the folder never shows as a bucket.
/// </summary>
internal sealed class LocalMultipart(string root)
{
    public const int MaxPartNumber = 10_000;
    private const string TargetFile = "target";

    private string Folder => Path.Combine(root, ".multipart");

    public string Start(string bucket, string key)
    {
        var uploadId = ShortId.New(24);
        var folder = Path.Combine(Folder, uploadId);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, TargetFile), Target(bucket, key));
        return uploadId;
    }

    /// <summary>The upload's folder when it exists and belongs to this bucket and key; else null.</summary>
    public string? FolderOf(string bucket, string key, string uploadId)
    {
        if (!ShortId.IsWellFormed(uploadId))
        {
            return null;
        }
        var folder = Path.Combine(Folder, uploadId);
        var target = Path.Combine(folder, TargetFile);
        return File.Exists(target) && File.ReadAllText(target) == Target(bucket, key) ? folder : null;
    }

    public static string PartPath(string folder, int partNumber) =>
        Path.Combine(folder, partNumber.ToString("D5", CultureInfo.InvariantCulture));

    public IReadOnlyList<UploadedPart>? List(string bucket, string key, string uploadId)
    {
        if (FolderOf(bucket, key, uploadId) is not { } folder)
        {
            return null;
        }
        var parts = new List<UploadedPart>();
        foreach (var file in new DirectoryInfo(folder).EnumerateFiles())
        {
            // Only finished parts: a part being written is a temporary file with a longer name.
            if (file.Name.Length == 5 && int.TryParse(file.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1)
            {
                parts.Add(new UploadedPart(n, ETagOf(file), file.Length));
            }
        }
        return parts.OrderBy(p => p.PartNumber).ToList();
    }

    public async Task CompleteAsync(string bucket, string key, string uploadId, IReadOnlyList<UploadedPart> parts, string destination,
        CancellationToken cancellationToken)
    {
        var folder = FolderOf(bucket, key, uploadId) ?? throw new InvalidOperationException($"No multipart upload '{uploadId}' for '{key}'.");
        var temporary = destination + ".part-" + Guid.NewGuid().ToString("N");
        try
        {
            await using (var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                foreach (var part in parts.OrderBy(p => p.PartNumber))
                {
                    await using var input = new FileStream(PartPath(folder, part.PartNumber), FileMode.Open, FileAccess.Read, FileShare.Read, 81920,
                        useAsync: true);
                    await input.CopyToAsync(output, cancellationToken);
                }
            }
            File.Move(temporary, destination, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
        Directory.Delete(folder, recursive: true);
    }

    public void Abort(string bucket, string key, string uploadId)
    {
        if (FolderOf(bucket, key, uploadId) is { } folder)
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public static string ETagOf(FileInfo file) =>
        $"\"{file.LastWriteTimeUtc.Ticks.ToString("x", CultureInfo.InvariantCulture)}-{file.Length.ToString(CultureInfo.InvariantCulture)}\"";

    private static string Target(string bucket, string key) => bucket + "\n" + key;
}
