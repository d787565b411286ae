using MyVid.Media.Recording;
using MyVid.Platform.Storage;

namespace MyVid.Recording.Tests.Recording.Support;

internal static class Feeding
{
    /// <summary>Feeds packets as fast as the recorder takes them (the test does not wait for real time).</summary>
    public static async Task FeedAsync(Recorder recorder, IEnumerable<RtpSend> packets, double untilSeconds = double.MaxValue)
    {
        long first = -1;
        foreach (var send in packets)
        {
            first = first < 0 ? send.ArrivalMs : first;
            if ((send.ArrivalMs - first) / 1000.0 >= untilSeconds)
            {
                break;
            }
            while (recorder.QueuedPackets > 1000)
            {
                await Task.Delay(1);
            }
            Assert.That(recorder.OnRtp(send.IsVideo ? RecordingTrack.Video : RecordingTrack.Audio, send.Packet,
                DateTimeOffset.FromUnixTimeMilliseconds(send.ArrivalMs)), Is.True);
        }
    }

    /// <summary>The object's bytes, written to a file in <paramref name="folder"/>.</summary>
    public static async Task<string> DownloadAsync(IObjectStore store, string key, string folder)
    {
        var info = await store.GetInfoAsync(ObjectBucket.Videos, key, CancellationToken.None);
        Assert.That(info, Is.Not.Null, $"{key} is stored");
        var bytes = new byte[info!.Length];
        var read = await store.ReadPrefixAsync(ObjectBucket.Videos, key, bytes, CancellationToken.None);
        Assert.That(read, Is.EqualTo(bytes.Length));
        var path = Path.Combine(folder, key);
        await File.WriteAllBytesAsync(path, bytes);
        return path;
    }
}
