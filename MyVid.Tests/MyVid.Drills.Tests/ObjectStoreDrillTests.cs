using MyVid.Testing;
using MyVid.Drills;

namespace MyVid.Drills.Tests;

/// <summary>
/// Drill 2 in short (~2 min): MyVid on Ceph RGW with 6 OSDs (EC 4+2); 2 OSDs SIGKILLed, then a 3rd, then all restarted.
/// drills/object-store.sh is the long form.
/// </summary>
[NonParallelizable]
public sealed class ObjectStoreDrillTests
{
    private static readonly TimeSpan S3Timeout = TimeSpan.FromSeconds(3);
    private string _dir = "";
    private S3Settings? _s3;

    [OneTimeSetUp]
    public async Task StartCluster()
    {
        _dir = Directory.CreateTempSubdirectory("myvid-ceph6-").FullName;
        _s3 = await Clusters.StartCephAsync(_dir);
    }

    [OneTimeTearDown]
    public async Task StopCluster()
    {
        if (_s3 is not null)
        {
            await Clusters.StopCephAsync(_dir);
        }
        Directory.Delete(_dir, recursive: true);
    }

    [Test]
    public async Task Two_OSDs_down_cost_nothing_and_a_third_fails_uploads_quickly_and_cleanly()
    {
        var settings = new ObjectStoreDrillSettings(_dir, _s3!.ServiceUrl, _s3.AccessKey, _s3.SecretKey, Clusters.FreePort())
        {
            S3Timeout = S3Timeout,
            // Longer than RGW takes to answer a RADOS op that cannot finish (rados_osd_op_timeout 10 s, scripts/ceph.sh):
            // the client sees the store's own answer.
            ClientTimeout = TimeSpan.FromSeconds(25),
            Healthy = TimeSpan.FromSeconds(2),
            TwoDown = TimeSpan.FromSeconds(6),
            ThreeDown = TimeSpan.FromSeconds(6),
            Load = new LoadOptions { Searchers = 1, Readers = 1, Uploaders = 1, Players = 1, RemotePlayers = 1, Pace = TimeSpan.FromMilliseconds(100) },
        };
        var result = await ObjectStoreDrill.RunAsync(settings, TestContext.Out);
        ObjectStoreDrill.Print(result, TestContext.Out);

        var threeDown = result.ThreeDown.ToDictionary(s => s.Operation);
        Assert.Multiple(() =>
        {
            Assert.That(result.TwoDown.Sum(s => s.Total), Is.GreaterThan(20), "the load ran");
            // Requests in flight at the kill included: Ceph marks a killed OSD down at once, a hung one within its
            // heartbeat grace (scripts/ceph.sh), and RGW's RADOS client resends to the PGs' new primaries.
            Assert.That(result.TwoDown.Sum(s => s.Failed), Is.Zero, "EC 4+2 serves with any 2 OSDs down");
            Assert.That(result.MarkedDown, Has.All.Contains("marked down"), "Ceph marked every killed OSD down");
            Assert.That(threeDown[LoadRun.Publish].Failures, Has.All.Contains("503 Object store unavailable (problem+json)"));
            Assert.That(threeDown[LoadRun.Publish].Failed, Is.GreaterThan(0), "a publish was tried while the data was unavailable");
            Assert.That(threeDown[LoadRun.Publish].MaxLatency, Is.LessThan(S3Timeout + TimeSpan.FromSeconds(5)), "MyVid's own timeout bounds it");
            Assert.That(threeDown[LoadRun.Put].Failed, Is.GreaterThan(0), "an upload's PUT was tried while the data was unavailable");
            Assert.That(threeDown[LoadRun.Put].Failures, Has.All.Contains("408 RequestTimeout"), "RGW answers the browser's PUT instead of holding it");
            Assert.That(threeDown[LoadRun.Metadata].Failed, Is.Zero, "metadata needs no store");
            Assert.That(threeDown[LoadRun.RemotePlayback].Failed, Is.Zero, "CCC videos play from elsewhere");
            Assert.That(threeDown[LoadRun.RemotePlayback].Total, Is.GreaterThan(0));
            Assert.That(result.HalfWritten, Is.Empty, "nothing public without its objects");
            Assert.That(result.ReadBackEqual, Is.EqualTo(result.Published), "every acknowledged publish reads back byte-equal");
        });
    }
}
