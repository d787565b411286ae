using MyVid.Testing;

namespace MyVid.Interop.Tests;

/// <summary>
/// One MyVid node for the whole assembly, every role in the test process (api, endpoint and its media node), on SQLite
/// and the local store: each client publishes and watches through it as it would through a deployment.
/// </summary>
[SetUpFixture]
public sealed class InteropNode
{
    private static TestNode? _node;

    public static TestNode Node => _node ?? throw new InvalidOperationException("The node has not started.");

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _node = await TestNode.StartAsync(Backend.Embedded, settings: new Dictionary<string, string>
        {
            // The media node's one UDP port on loopback, where every client of these tests is.
            ["Media:BindAddress"] = "127.0.0.1",
            ["Media:ViewerReportSeconds"] = "1",
        });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
    }
}
