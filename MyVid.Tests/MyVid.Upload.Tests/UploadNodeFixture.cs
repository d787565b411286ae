using MyVid.Testing;

namespace MyVid.Upload.Tests;

/// <summary>One node on <paramref name="backend"/> for the whole fixture, with <see cref="Settings.Fast"/> and <paramref name="settings"/>.</summary>
public abstract class UploadNodeFixture(Backend backend, params (string Key, string Value)[] settings)
{
    private TestNode? _node;

    protected TestNode Node => _node ?? throw new InvalidOperationException("the fixture's node did not start");

    private protected UploadApi Api { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartNodeAsync()
    {
        _node = await TestNode.StartAsync(backend, settings: Settings.Fast(settings));
        Api = new UploadApi(_node.Http);
    }

    // Also runs when the set-up skipped for want of a real part: then there is nothing to stop.
    [OneTimeTearDown]
    public async Task StopNodeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
    }
}
