using MyVid.Media.Recording;
using MyVid.Media.Recording.WebM;
using MyVid.Recording.Tests.Recording.Support;

namespace MyVid.Recording.Tests.Recording;

/// <summary>The interleaver's order and times, read back from the file the muxer wrote.</summary>
public sealed class FrameInterleaverTests
{
    [Test]
    public void Audio_that_comes_after_the_video_moved_on_keeps_strictly_increasing_times()
    {
        var path = Path.GetTempFileName();
        try
        {
            var interleaver = new FrameInterleaver(waitMs: 300);
            using (var output = new FileOutput(path))
            {
                var muxer = new WebmMuxer(new WebmSettings { Width = 64, Height = 64 }, output);
                var frame = new byte[100];
                // Video runs 400 ms ahead while the audio waits (a lost packet in its reorder buffer): the video goes out alone.
                for (var t = 0; t <= 400; t += 33)
                {
                    interleaver.EnqueueVideo(t, keyframe: t == 0, frame);
                    interleaver.Drain(muxer, origin: 0, flush: false);
                }
                // Then the late audio, all older than the last video frame written.
                for (var t = 0; t < 100; t += 20)
                {
                    interleaver.EnqueueAudio(t, frame, durationMs: 20);
                }
                interleaver.Drain(muxer, origin: 0, flush: true);
                muxer.Finish();
            }
            var blocks = new WebmReader(File.ReadAllBytes(path)).Blocks.ToList();
            var audio = blocks.Where(b => b.Track == 2).Select(b => b.Time).ToList();

            Assert.That(audio, Has.Count.EqualTo(5));
            Assert.That(audio, Is.Ordered.Ascending);
            Assert.That(audio.Distinct().Count(), Is.EqualTo(audio.Count), "no two audio blocks at one time");
            Assert.That(blocks.Select(b => b.Time), Is.Ordered.Ascending, "never back in time across tracks");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
