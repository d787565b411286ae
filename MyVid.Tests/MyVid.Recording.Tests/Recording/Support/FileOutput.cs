using MyVid.Media.Recording.WebM;

namespace MyVid.Recording.Tests.Recording.Support;

/// <summary>A WebM file on disk, for muxer tests without a store.</summary>
internal sealed class FileOutput(string path) : IWebmOutput, IDisposable
{
    private readonly FileStream _file = new(path, FileMode.Create, FileAccess.ReadWrite);

    public List<(WebmChunk Kind, long Offset, int Length, long EndTimeMs)> Chunks { get; } = [];

    public void Append(ReadOnlySpan<byte> bytes, WebmChunk kind, long endTimeMs)
    {
        _file.Seek(0, SeekOrigin.End);
        Chunks.Add((kind, _file.Position, bytes.Length, endTimeMs));
        _file.Write(bytes);
    }

    public void Patch(long offset, ReadOnlySpan<byte> bytes)
    {
        _file.Seek(offset, SeekOrigin.Begin);
        _file.Write(bytes);
    }

    public void Dispose() => _file.Dispose();
}
