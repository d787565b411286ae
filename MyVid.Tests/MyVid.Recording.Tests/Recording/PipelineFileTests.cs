using MyVid.Media.Recording;
using MyVid.Media.Recording.Rtp;
using MyVid.Recording.Tests.Recording.Support;

namespace MyVid.Recording.Tests.Recording;

/// <summary>RTP of a real VP8 (or H.264) + Opus stream through the pipeline into a file on disk, judged by ffprobe and ffmpeg.</summary>
public sealed class PipelineFileTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("myvid-recording-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [TestCase(false, "webm", "vp8")]
    [TestCase(true, "matroska", "h264")]
    public async Task A_clean_stream_becomes_a_file_that_ffprobe_reads_as_its_video_codec_and_opus_of_the_right_length(
        bool h264, string format, string videoCodec)
    {
        var file = await RecordAsync(await TestStreams.PacketsAsync(h264: h264), h264 ? RecordedVideoCodec.H264 : RecordedVideoCodec.Vp8);
        var probe = await Ffmpeg.ProbeAsync(file);
        Assert.That(probe.Format, Does.Contain(format));
        Assert.That(probe.Streams.Select(s => s.Codec), Is.EquivalentTo(new[] { videoCodec, "opus" }));
        Assert.That(probe.Streams.Single(s => s.Type == "video").Width, Is.EqualTo(640));
        Assert.That(probe.Duration, Is.EqualTo(TestStreams.Seconds).Within(1.0));
        Assert.That(await Ffmpeg.DecodeErrorsAsync(file), Is.Empty);
    }

    [TestCase(3)]
    [TestCase(7)]
    public async Task With_5_percent_raw_loss_and_reordering_no_broken_frame_reaches_the_decoder(int seed)
    {
        // No retransmission: most frames are dropped waiting for keyframes (one a second here). ffmpeg's null muxer then
        // guesses a low frame rate from the sparse video and warns about its own rounding ("non monotonically increasing
        // dts"): not a decoding error, so only that line is set aside.
        var file = await RecordAsync(await TestStreams.PacketsAsync(lossRate: 0.05, reorderRate: 0.05, seed: seed));
        var probe = await Ffmpeg.ProbeAsync(file);
        Assert.That(probe.Streams.Select(s => s.Codec), Is.EquivalentTo(new[] { "vp8", "opus" }));
        var errors = (await Ffmpeg.DecodeErrorsAsync(file)).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.Contains("non monotonically increasing dts", StringComparison.Ordinal) && !line.Contains("Last message repeated", StringComparison.Ordinal));
        Assert.That(errors, Is.Empty);
    }

    [TestCase(0)]
    [TestCase(100)]
    public async Task With_5_percent_loss_and_reordering_no_broken_h264_frame_reaches_the_decoder(int retransmitMs)
    {
        var file = await RecordAsync(await TestStreams.PacketsAsync(lossRate: 0.05, reorderRate: 0.05, seed: 3, retransmitMs: retransmitMs, h264: true),
            RecordedVideoCodec.H264);
        var probe = await Ffmpeg.ProbeAsync(file);
        Assert.That(probe.Streams.Select(s => s.Codec), Is.EquivalentTo(new[] { "h264", "opus" }));
        Assert.That(probe.Duration, Is.EqualTo(TestStreams.Seconds).Within(1.0));
        Assert.That(await Ffmpeg.DecodeErrorsAsync(file), Is.Empty);
    }

    private async Task<string> RecordAsync(List<RtpSend> packets, RecordedVideoCodec codec = RecordedVideoCodec.Vp8)
    {
        var path = Path.Combine(_folder, "out" + codec.Extension());
        using (var output = new FileOutput(path))
        {
            var pipeline = new RecordingPipeline(new RecordingPipelineSettings { VideoCodec = codec }, output, _ => { });
            foreach (var send in packets)
            {
                pipeline.Push(send.IsVideo ? RecordingTrack.Video : RecordingTrack.Audio, new HeldPacket(send.Packet, send.Packet.Length, send.ArrivalMs));
            }
            Assert.That(pipeline.Finish(), Is.True);
        }
        await Task.CompletedTask;
        return path;
    }
}
