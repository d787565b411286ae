using System.Buffers.Binary;
using MyVid.Media.Recording.WebM;

namespace MyVid.Recording.Tests.Recording.Support;

internal sealed record ReadBlock(int Track, long ClusterTime, short Relative, byte Flags, int Length)
{
    public long Time => ClusterTime + Relative;
}

internal sealed record ReadCluster(long Position, long Time, List<ReadBlock> Blocks);

/// <summary>
/// An independent EBML reader for the tests: walks a WebM file's top level and its clusters, cues and seek head, so the
/// tests check the bytes without trusting the writer.
/// </summary>
internal sealed class WebmReader
{
    public WebmReader(byte[] file)
    {
        var offset = 0;
        var (id, size, headerLength) = Element(file, offset);
        Assert.That(id, Is.EqualTo(WebmIds.Ebml));
        offset += headerLength + (int)size;
        (id, size, headerLength) = Element(file, offset);
        Assert.That(id, Is.EqualTo(WebmIds.Segment));
        SegmentSize = size;
        SegmentStart = offset + headerLength;
        offset = SegmentStart;
        while (offset < file.Length)
        {
            (id, size, headerLength) = Element(file, offset);
            var content = file.AsSpan(offset + headerLength, (int)size);
            TopLevel.Add((id, offset - SegmentStart));
            switch (id)
            {
                case WebmIds.SeekHead:
                    foreach (var (seekId, seek) in Children(content))
                    {
                        if (seekId != WebmIds.Seek)
                        {
                            continue;
                        }
                        var children = Children(seek).ToDictionary(c => c.Id, c => c.Content.ToArray());
                        Seeks[(uint)ReadUnsigned(children[WebmIds.SeekId])] = (long)ReadUnsigned(children[WebmIds.SeekPosition]);
                    }
                    break;
                case WebmIds.Info:
                    foreach (var (childId, child) in Children(content))
                    {
                        if (childId == WebmIds.Duration)
                        {
                            Duration = BinaryPrimitives.ReadDoubleBigEndian(child);
                        }
                    }
                    break;
                case WebmIds.Cluster:
                    ReadClusterContent(offset - SegmentStart, content.ToArray());
                    break;
                case WebmIds.Cues:
                    foreach (var (pointId, point) in Children(content))
                    {
                        var children = Children(point).ToList();
                        var time = (long)ReadUnsigned(children.Single(c => c.Id == WebmIds.CueTime).Content.ToArray());
                        var positions = Children(children.Single(c => c.Id == WebmIds.CueTrackPositions).Content.ToArray())
                            .ToDictionary(c => c.Id, c => c.Content.ToArray());
                        Cues.Add((time, (int)ReadUnsigned(positions[WebmIds.CueTrack]), (long)ReadUnsigned(positions[WebmIds.CueClusterPosition])));
                        Assert.That(pointId, Is.EqualTo(WebmIds.CuePoint));
                    }
                    break;
            }
            offset += headerLength + (int)size;
        }
        Assert.That(offset, Is.EqualTo(file.Length), "elements end exactly at the end of the file");
    }

    /// <summary>-1 when unknown.</summary>
    public long SegmentSize { get; }

    public int SegmentStart { get; }

    public List<(uint Id, long Position)> TopLevel { get; } = [];

    public Dictionary<uint, long> Seeks { get; } = [];

    public double? Duration { get; private set; }

    public List<ReadCluster> Clusters { get; } = [];

    public List<(long Time, int Track, long ClusterPosition)> Cues { get; } = [];

    public IEnumerable<ReadBlock> Blocks => Clusters.SelectMany(c => c.Blocks);

    private void ReadClusterContent(long position, byte[] content)
    {
        var children = Children(content).ToList();
        var time = (long)ReadUnsigned(children.First(c => c.Id == WebmIds.Timestamp).Content.ToArray());
        var blocks = new List<ReadBlock>();
        foreach (var (id, block) in children)
        {
            if (id != WebmIds.SimpleBlock)
            {
                continue;
            }
            var (track, trackLength) = Vint(block, 0);
            var relative = BinaryPrimitives.ReadInt16BigEndian(block.AsSpan(trackLength));
            blocks.Add(new ReadBlock((int)track, time, relative, block[trackLength + 2], block.Length - trackLength - 3));
        }
        Clusters.Add(new ReadCluster(position, time, blocks));
    }

    public static (uint Id, long Size, int HeaderLength) Element(byte[] data, int offset)
    {
        var first = data[offset];
        var idLength = first >= 0x80 ? 1 : first >= 0x40 ? 2 : first >= 0x20 ? 3 : 4;
        uint id = 0;
        for (var i = 0; i < idLength; i++)
        {
            id = (id << 8) | data[offset + i];
        }
        var (size, sizeLength) = Vint(data, offset + idLength);
        return (id, size, idLength + sizeLength);
    }

    /// <summary>A variable-size integer: its value (-1 for "unknown", all value bits set) and its length.</summary>
    public static (long Value, int Length) Vint(byte[] data, int offset)
    {
        var first = data[offset];
        var length = 1;
        while (length <= 8 && (first & (0x80 >> (length - 1))) == 0)
        {
            length++;
        }
        Assert.That(length, Is.LessThanOrEqualTo(8), "a valid vint length marker");
        long value = first & ((0x80 >> (length - 1)) - 1);
        var allOnes = value == (0x80 >> (length - 1)) - 1;
        for (var i = 1; i < length; i++)
        {
            value = (value << 8) | data[offset + i];
            allOnes &= data[offset + i] == 0xFF;
        }
        return (allOnes ? -1 : value, length);
    }

    private static List<(uint Id, byte[] Content)> Children(ReadOnlySpan<byte> content) => Children(content.ToArray());

    private static List<(uint Id, byte[] Content)> Children(byte[] content)
    {
        var list = new List<(uint, byte[])>();
        var offset = 0;
        while (offset < content.Length)
        {
            var (id, size, headerLength) = Element(content, offset);
            list.Add((id, content.AsSpan(offset + headerLength, (int)size).ToArray()));
            offset += headerLength + (int)size;
        }
        return list;
    }

    private static ulong ReadUnsigned(byte[] bytes)
    {
        ulong value = 0;
        foreach (var b in bytes)
        {
            value = (value << 8) | b;
        }
        return value;
    }
}
