using MyVid.Media.Recording;
using MyVid.Media.Recording.Rtp;
using MyVid.Recording.Tests.Recording.Support;

namespace MyVid.Recording.Tests.Recording;

/// <summary>RTP of a real VP8 + Opus stream through the pipeline into a file on disk, judged by ffprobe and ffmpeg.</summary>
public sealed class PipelineFileTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("myvid-recording-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task A_clean_stream_becomes_a_webm_that_ffprobe_reads_as_vp8_and_opus_of_the_right_length()
    {
        var file = await RecordAsync(await TestStreams.PacketsAsync());
        var probe = await Ffmpeg.ProbeAsync(file);
        Assert.That(probe.Format, Does.Contain("webm"));
        Assert.That(probe.Streams.Select(s => s.Codec), Is.EquivalentTo(new[] { "vp8", "opus" }));
        Assert.That(probe.Streams.Single(s => s.Type == "video").Width, Is.EqualTo(640));
        Assert.That(probe.Duration, Is.EqualTo(TestStreams.Seconds).Within(1.0));
        Assert.That(await Ffmpeg.DecodeErrorsAsync(file), Is.Empty);
    }

    [Test]
    public async Task With_5_percent_loss_and_reordering_the_file_still_decodes_without_errors()
    {
        var file = await RecordAsync(await TestStreams.PacketsAsync(lossRate: 0.05, reorderRate: 0.05, seed: 7));
        var probe = await Ffmpeg.ProbeAsync(file);
        Assert.That(probe.Streams.Select(s => s.Codec), Is.EquivalentTo(new[] { "vp8", "opus" }));
        Assert.That(await Ffmpeg.DecodeErrorsAsync(file), Is.Empty);
    }

    private async Task<string> RecordAsync(List<RtpSend> packets)
    {
        var path = Path.Combine(_folder, "out.webm");
        using (var output = new FileOutput(path))
        {
            var pipeline = new RecordingPipeline(new RecordingPipelineSettings(), output, _ => { });
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
