using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using MyVid.Platform.Hosting;

namespace MyVid.Platform.Storage.Local;

/// <summary>
/// Where the local store keeps its files, and its URL signing key: configured, or generated once and kept in the
/// store's folder so URLs stay valid across restarts and across processes sharing the folder.
/// </summary>
internal sealed class LocalStoreRoot
{
    public LocalStoreRoot(IOptions<ObjectStoreOptions> options, IOptions<NodeOptions> node)
    {
        var local = options.Value.Local;
        Path = System.IO.Path.GetFullPath(local.Root, System.IO.Path.GetFullPath(node.Value.DataFolder));
        Directory.CreateDirectory(Path);
        SigningKey = string.IsNullOrEmpty(local.SigningKey) ? LoadOrCreateKey(Path) : Encoding.UTF8.GetBytes(local.SigningKey);
    }

    public string Path { get; }

    public byte[] SigningKey { get; }

    private static byte[] LoadOrCreateKey(string root)
    {
        var file = System.IO.Path.Combine(root, ".signing-key");
        if (!File.Exists(file))
        {
            var temporary = file + "." + Guid.NewGuid().ToString("N");
            File.WriteAllBytes(temporary, RandomNumberGenerator.GetBytes(32));
            try
            {
                File.Move(temporary, file, overwrite: false);
            }
            catch (IOException) when (File.Exists(file))
            {
                // Another process sharing the folder made one first: use theirs.
                File.Delete(temporary);
            }
        }
        return File.ReadAllBytes(file);
    }
}
