using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MyVid.Signalling.Contracts;
using MyVid.Testing;

namespace MyVid.Host.Tests;

/// <summary>
/// The admin commands, run as an operator would: the same binary and configuration as a running node, against its
/// database and object store while it serves.
/// </summary>
[TestFixture(Backend.Embedded)]
[TestFixture(Backend.Production)]
public sealed class AdminCommandTests(Backend backend)
{
    private TestNode _node = null!;

    [OneTimeSetUp]
    public async Task StartAsync() =>
        _node = await TestNode.StartAsync(backend, settings: new Dictionary<string, string> { ["Upload:Probe:Enabled"] = "false" });

    [OneTimeTearDown]
    public async Task StopAsync() => await _node.DisposeAsync();

    [Test]
    public async Task Videos_list_hide_and_delete_act_on_the_catalogue_and_the_store()
    {
        var hidden = await TestUpload.PublishAsync(_node.Http, "To be hidden");
        var deleted = await TestUpload.PublishAsync(_node.Http, "To be deleted");

        var list = await RunAsync("videos", "list");
        Assert.That(list.Exit, Is.Zero, list.Errors);
        Assert.That(list.Output, Does.Contain(hidden).And.Contain("To be hidden").And.Contain(deleted));

        var hide = await RunAsync("videos", "hide", hidden);
        Assert.That(hide.Output, Does.Contain("hidden " + hidden));
        Assert.That(await AnsweredNotFoundAsync(hidden), Is.True);
        Assert.That((await RunAsync("videos", "list")).Output, Does.Not.Contain(hidden));
        Assert.That((await RunAsync("videos", "list", "--all")).Output, Does.Contain(hidden));

        using (var before = await _node.Http.GetAsync("API/VIDEO/" + deleted))
        {
            Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        var delete = await RunAsync("videos", "delete", deleted, "NoSuchVideo1");
        Assert.That(delete.Exit, Is.EqualTo(1), "an unknown ID fails the command");
        Assert.That(delete.Output, Does.Contain($"deleted {deleted} (2 stored object(s))").And.Contain("error: no video NoSuchVideo1"));
        Assert.That(await AnsweredNotFoundAsync(deleted), Is.True, "once the node's kept answer ended");
        var store = _node.Services.GetRequiredService<MyVid.Platform.Storage.IObjectStore>();
        Assert.That(await store.GetInfoAsync(MyVid.Platform.Storage.ObjectBucket.Videos, deleted + "_a.mp4", CancellationToken.None), Is.Null);
        Assert.That(await store.GetInfoAsync(MyVid.Platform.Storage.ObjectBucket.Previews, deleted + "_a.jpg", CancellationToken.None), Is.Null);
        Assert.That(await store.GetInfoAsync(MyVid.Platform.Storage.ObjectBucket.Videos, hidden + "_a.mp4", CancellationToken.None), Is.Not.Null,
            "hiding deletes nothing");
    }

    [Test]
    public async Task Stream_keys_are_shown_once_stored_hashed_verified_and_revoked()
    {
        var create = await RunAsync("stream-keys", "create", "Studio 1");
        Assert.That(create.Exit, Is.Zero, create.Errors);
        var id = Line(create.Output, "id: ");
        var key = Line(create.Output, "key: ");
        Assert.That(key, Does.StartWith("mvk_").And.Length.EqualTo(44));

        var list = await RunAsync("stream-keys", "list");
        Assert.That(list.Output, Does.Contain(id).And.Contain("Studio 1"));
        Assert.That(list.Output, Does.Not.Contain(key[4..]), "the key is never shown again");

        Assert.That(await VerifyAsync(key), Is.EqualTo("Studio 1"));
        Assert.That(await VerifyAsync(key[..^1] + (key[^1] == 'a' ? 'b' : 'a')), Is.Null);

        var revoke = await RunAsync("stream-keys", "revoke", id);
        Assert.That(revoke.Exit, Is.Zero);
        Assert.That(await VerifyAsync(key), Is.Null);
        Assert.That((await RunAsync("stream-keys", "revoke", "NoSuchKey1")).Exit, Is.EqualTo(1));
        Assert.That((await RunAsync("stream-keys", "create")).Exit, Is.EqualTo(2), "a name is required");
    }

    [Test]
    public async Task Nodes_list_shows_the_endpoint_and_the_media_node_alive()
    {
        // The node's endpoint row comes with its first heartbeat, the media node's row when it registers.
        var output = "";
        List<string> rows = [];
        for (var i = 0; i < 100 && rows.Count < 2; i++)
        {
            await Task.Delay(100);
            var list = await RunAsync("nodes", "list");
            Assert.That(list.Exit, Is.Zero, list.Errors);
            output = list.Output;
            rows = [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)];
        }
        Assert.That(rows, Has.Some.Contains("api,endpoint,media").And.Some.Contains(" media "), output);
        Assert.That(rows, Has.All.Contains("alive"), output);
        Assert.That(rows, Has.Some.Contains(_node.BaseUrl.Authority), output);
    }

    [Test]
    public async Task Config_check_says_OK_or_names_each_bad_key()
    {
        var ok = await RunAsync("config", "check");
        Assert.That(ok.Exit, Is.Zero, ok.Errors);
        Assert.That(ok.Output, Does.StartWith("OK"));

        var bad = await RunAsync("config", "check", "--Catalog:PageSize=0", "--Signalling:StaleAfter=00:00:01");
        Assert.That(bad.Exit, Is.EqualTo(2));
        Assert.That(bad.Errors, Does.Contain("Catalog:PageSize").And.Contain("Signalling:StaleAfter"), "every bad key, not only the first");
        Assert.That(bad.Output, Does.Not.Contain("OK"));

        var media = await RunAsync("config", "check", "--role", "media", "--Media:Port=70000");
        Assert.That(media.Exit, Is.EqualTo(2));
        Assert.That(media.Errors, Does.Contain("Media:Port"));
    }

    private async Task<string?> VerifyAsync(string key)
    {
        await using var scope = _node.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IStreamKeys>().VerifyAsync(key, CancellationToken.None);
    }

    private static string Line(string output, string prefix) =>
        output.Split('\n').Single(l => l.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..].Trim();

    /// <summary>
    /// Whether GET /API/VIDEO/{ID} answers 404 within 20 s. The command runs as its own host, like another node: the
    /// serving node keeps the answer it gave before for up to Catalog:AnswerCacheSeconds (2 s).
    /// </summary>
    private async Task<bool> AnsweredNotFoundAsync(string id)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using (var answer = await _node.Http.GetAsync("API/VIDEO/" + id))
            {
                if (answer.StatusCode == HttpStatusCode.NotFound)
                {
                    return true;
                }
            }
            await Task.Delay(200);
        }
        return false;
    }

    private async Task<(int Exit, string Output, string Errors)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var exit = await MyVidHost.RunAsync([.. args, .. _node.SettingArguments], output, errors);
        return (exit, output.ToString(), errors.ToString());
    }
}
