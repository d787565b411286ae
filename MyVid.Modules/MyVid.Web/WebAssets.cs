using System.Collections.Frozen;
using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using MyVid.Platform.Storage;

namespace MyVid.Web;

/// <summary>One file of the client: its bytes as is and gzipped, its content type, and a strong ETag for each of the two.</summary>
internal sealed record WebAsset(byte[] Content, byte[] Gzipped, string ContentType, string ETag, string GzippedETag);

/// <summary>The client's files, read once from the assembly's embedded <c>wwwroot/</c>; paths are relative to it.</summary>
internal sealed class WebAssets(FrozenDictionary<string, WebAsset> files)
{
    private const string Prefix = "wwwroot/";

    public IEnumerable<string> Paths => files.Keys;

    public WebAsset? Find(string path) => files.GetValueOrDefault(path);

    public static WebAssets LoadEmbedded()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var files = new Dictionary<string, WebAsset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var content = copy.ToArray();
            // Windows builds write the recursive folder with backslashes.
            var path = name[Prefix.Length..].Replace('\\', '/');
            var hash = Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 12));
            files[path] = new WebAsset(content, Gzip(content), ContentTypeOf(path), $"\"{hash}\"", $"\"{hash}-gz\"");
        }
        return new WebAssets(files.ToFrozenDictionary(StringComparer.Ordinal));
    }

    private static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize))
        {
            gzip.Write(content);
        }
        return output.ToArray();
    }

    private static string ContentTypeOf(string path) => Path.GetExtension(path) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".webmanifest" => "application/manifest+json",
        _ => ContentTypes.ForFileName(path),
    };
}
