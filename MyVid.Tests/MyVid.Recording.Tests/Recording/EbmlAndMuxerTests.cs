using MyVid.Media.Recording.WebM;
using MyVid.Recording.Tests.Recording.Support;

namespace MyVid.Recording.Tests.Recording;

/// <summary>The EBML writer's encodings and the muxer's structure, read back with an independent reader.</summary>
public sealed class EbmlAndMuxerTests
{
    [TestCase(0L, new byte[] { 0x80 })]
    [TestCase(1L, new byte[] { 0x81 })]
    [TestCase(126L, new byte[] { 0xFE })]
    [TestCase(127L, new byte[] { 0x40, 0x7F })]
    [TestCase(16382L, new byte[] { 0x7F, 0xFE })]
    [TestCase(16383L, new byte[] { 0x20, 0x3F, 0xFF })]
    [TestCase((1L << 21) - 2, new byte[] { 0x3F, 0xFF, 0xFE })]
    [TestCase((1L << 21) - 1, new byte[] { 0x10, 0x1F, 0xFF, 0xFF })]
    [TestCase((1L << 28) - 1, new byte[] { 0x08, 0x0F, 0xFF, 0xFF, 0xFF })]
    [TestCase((1L << 35) - 1, new byte[] { 0x04, 0x07, 0xFF, 0xFF, 0xFF, 0xFF })]
    [TestCase((1L << 42) - 1, new byte[] { 0x02, 0x03, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF })]
    [TestCase((1L << 49) - 1, new byte[] { 0x01, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF })]
    [TestCase((1L << 56) - 2, new byte[] { 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE })]
    public void Sizes_take_the_fewest_bytes_from_1_to_8(long value, byte[] expected)
    {
        var writer = new EbmlWriter();
        writer.WriteSize(value);
        Assert.That(writer.Written.ToArray(), Is.EqualTo(expected));
        Assert.That(WebmReader.Vint(expected, 0), Is.EqualTo((value, expected.Length)));
    }

    [Test]
    public void Unknown_size_is_all_value_bits_set_and_a_size_can_be_forced_to_8_bytes()
    {
        Span<byte> one = stackalloc byte[1];
        EbmlWriter.EncodeSize(one, EbmlWriter.UnknownSize, 1);
        Assert.That(one.ToArray(), Is.EqualTo(new byte[] { 0xFF }));
        var eight = new byte[8];
        EbmlWriter.EncodeSize(eight, EbmlWriter.UnknownSize, 8);
        Assert.That(eight, Is.EqualTo(new byte[] { 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }));
        EbmlWriter.EncodeSize(eight, 5, 8);
        Assert.That(eight, Is.EqualTo(new byte[] { 0x01, 0, 0, 0, 0, 0, 0, 5 }));
        Assert.That(WebmReader.Vint(eight, 0), Is.EqualTo((5L, 8)));
        Assert.That(() => EbmlWriter.EncodeSize(new byte[1], 127, 1), Throws.TypeOf<ArgumentOutOfRangeException>(), "127 is 1-byte 'unknown'");
        Assert.That(() => EbmlWriter.SizeLength(1L << 56), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [TestCase(WebmIds.SimpleBlock, new byte[] { 0xA3 })]
    [TestCase(WebmIds.EbmlVersion, new byte[] { 0x42, 0x86 })]
    [TestCase(WebmIds.TimestampScale, new byte[] { 0x2A, 0xD7, 0xB1 })]
    [TestCase(WebmIds.Ebml, new byte[] { 0x1A, 0x45, 0xDF, 0xA3 })]
    [TestCase(WebmIds.Cluster, new byte[] { 0x1F, 0x43, 0xB6, 0x75 })]
    public void Element_ids_are_written_as_their_raw_bytes(uint id, byte[] expected)
    {
        var writer = new EbmlWriter();
        writer.WriteId(id);
        Assert.That(writer.Written.ToArray(), Is.EqualTo(expected));
    }

    [Test]
    public void Unsigned_and_signed_integers_take_their_shortest_form()
    {
        var writer = new EbmlWriter();
        writer.WriteUnsigned(WebmIds.TrackNumber, 0);
        writer.WriteUnsigned(WebmIds.TrackNumber, 300);
        writer.WriteSigned(WebmIds.DateUtc, -2);
        Assert.That(writer.Written.ToArray(), Is.EqualTo(new byte[] { 0xD7, 0x81, 0x00, 0xD7, 0x82, 0x01, 0x2C, 0x44, 0x61, 0x81, 0xFE }));
    }

    [Test]
    public void Blocks_are_lacing_free_simple_blocks_with_the_keyframe_flag_and_cues_point_at_keyframe_clusters()
    {
        var output = new MemoryOutput();
        var muxer = new WebmMuxer(new WebmSettings { Width = 320, Height = 240 }, output);
        for (var i = 0; i < 100; i++)
        {
            // Video first at equal times, as the pipeline's interleaver orders them.
            var time = i * 20L;
            if (i % 2 == 0)
            {
                muxer.WriteVideo(time, keyframe: i % 50 == 0, new byte[i % 50 == 0 ? 500 : 100], 40);
            }
            muxer.WriteAudio(time, new byte[] { 0xFC, 1, 2, 3 });
        }
        muxer.Finish();

        var file = new WebmReader(output.Bytes);
        Assert.That(file.SegmentSize, Is.EqualTo(output.Bytes.Length - file.SegmentStart));
        Assert.That(file.Duration, Is.EqualTo(2000), "the last audio (1980 + 20) and video (1960 + 40) blocks end at 2 s");
        Assert.That(file.Blocks.All(b => (b.Flags & 0x06) == 0), "no lacing");
        Assert.That(file.Blocks.Count(b => b.Track == 1), Is.EqualTo(50));
        Assert.That(file.Blocks.Where(b => b.Track == 1 && (b.Flags & 0x80) != 0).Select(b => b.Time), Is.EqualTo(new[] { 0L, 1000L }));
        Assert.That(file.Blocks.Where(b => b.Track == 2).All(b => (b.Flags & 0x80) != 0), "every Opus packet is a keyframe");
        Assert.That(file.Blocks.Where(b => b.Track == 2).Select(b => b.Time), Is.EqualTo(Enumerable.Range(0, 100).Select(i => i * 20L)));
        Assert.That(file.Clusters.Select(c => c.Time), Is.EqualTo(new[] { 0L, 1000L }), "a new cluster at each video keyframe");
        Assert.That(file.Cues, Is.EqualTo(file.Clusters.Select(c => (c.Time, 1, c.Position))));
        Assert.That(file.Seeks[WebmIds.Cues], Is.EqualTo(file.TopLevel.Single(t => t.Id == WebmIds.Cues).Position));
        Assert.That(file.Seeks[WebmIds.Info], Is.EqualTo(file.TopLevel.Single(t => t.Id == WebmIds.Info).Position));
        Assert.That(file.Seeks[WebmIds.Tracks], Is.EqualTo(file.TopLevel.Single(t => t.Id == WebmIds.Tracks).Position));
    }

    [Test]
    public void Block_timecodes_never_overflow_16_bits_a_new_cluster_takes_over()
    {
        var output = new MemoryOutput();
        var muxer = new WebmMuxer(new WebmSettings { HasVideo = false, ClusterMaxMs = 120_000 }, output);
        var times = Enumerable.Range(0, 4000).Select(i => i * 20L).ToList();
        foreach (var time in times)
        {
            muxer.WriteAudio(time, new byte[] { 0xFC, 9 });
        }
        muxer.Finish();

        var file = new WebmReader(output.Bytes);
        Assert.That(file.Blocks.Select(b => b.Time), Is.EqualTo(times));
        Assert.That(file.Blocks.All(b => b.Relative >= 0), "relative timecodes stay in 0..32767");
        Assert.That(file.Clusters, Has.Count.EqualTo(3), "80 s of audio in clusters of at most 32.767 s");
        Assert.That(file.Clusters.Select(c => c.Time), Is.EqualTo(new[] { 0L, 32780L, 65560L }));
        Assert.That(file.Cues, Has.Count.EqualTo(3), "audio-only: a cue per cluster");
    }

    [Test]
    public void Before_Finish_the_segment_size_is_unknown_and_duration_and_the_cues_entry_are_void()
    {
        var output = new MemoryOutput();
        var muxer = new WebmMuxer(new WebmSettings { Width = 16, Height = 16 }, output);
        muxer.WriteVideo(0, keyframe: true, new byte[10]);
        muxer.WriteVideo(5000, keyframe: true, new byte[10]);
        var live = new WebmReader(output.Bytes);
        Assert.That(live.SegmentSize, Is.EqualTo(-1));
        Assert.That(live.Duration, Is.Null);
        Assert.That(live.Seeks.Keys, Is.EquivalentTo(new[] { WebmIds.Info, WebmIds.Tracks }));
        Assert.That(live.Clusters, Has.Count.EqualTo(1), "the open cluster is not written yet");
        var before = output.Bytes.Length;
        muxer.Finish();
        Assert.That(output.Patched.All(p => p < muxer.HeaderLength), "only the header is patched");
        Assert.That(output.Bytes.Length, Is.GreaterThan(before));
    }

    private sealed class MemoryOutput : IWebmOutput
    {
        private readonly List<byte> _bytes = [];

        public byte[] Bytes => [.. _bytes];

        public List<long> Patched { get; } = [];

        public void Append(ReadOnlySpan<byte> bytes, WebmChunk kind, long endTimeMs)
        {
            _bytes.AddRange(bytes);
        }

        public void Patch(long offset, ReadOnlySpan<byte> bytes)
        {
            Patched.Add(offset);
            for (var i = 0; i < bytes.Length; i++)
            {
                _bytes[(int)offset + i] = bytes[i];
            }
        }
    }
}
