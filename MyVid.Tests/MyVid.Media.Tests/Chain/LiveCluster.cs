using System.Diagnostics;
using System.Net;
using MyVid.Testing;

namespace MyVid.Media.Tests.Chain;

/// <summary>
/// The live roles apart, as in production: an api, an endpoint and a media node, each a MyVid.Host process, on SQLite
/// and the local store in one shared data folder (which also shares the endpoint's generated cluster secret).
/// </summary>
internal sealed class LiveCluster : IAsyncDisposable
{
    private readonly string _folder;
    private readonly List<HostProcess> _processes;

    private LiveCluster(string folder, HostProcess endpoint, HostProcess api, HostProcess media)
    {
        _folder = folder;
        Endpoint = endpoint;
        Api = api;
        Media = media;
        _processes = [media, api, endpoint];
        Http = new HttpClient { BaseAddress = api.BaseUrl };
    }

    public HostProcess Api { get; }

    public HostProcess Endpoint { get; }

    public HostProcess Media { get; }

    /// <summary>A client of the api process.</summary>
    public HttpClient Http { get; }

    /// <param name="turn">coturn for the api's ICE servers (<c>Signalling:Ice</c>), or none.</param>
    public static async Task<LiveCluster> StartAsync(TurnSettings? turn)
    {
        var folder = Directory.CreateTempSubdirectory("myvid-live-").FullName;
        var shared = new Dictionary<string, string>
        {
            ["Node:DataFolder"] = folder,
            ["Catalog:LoadDemoCatalog"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Signalling:HeartbeatInterval"] = "00:00:00.500",
            ["Signalling:MediaHeartbeatInterval"] = "00:00:00.500",
            // As an operator would collect them: one JSON object a line, with scopes (the correlation ids).
            ["Logging:Console:FormatterName"] = "json",
            ["Logging:Console:FormatterOptions:IncludeScopes"] = "true",
            ["Logging:LogLevel:MyVid"] = "Information",
        };
        // The endpoint first: it migrates the shared database and writes the cluster secret the media node reads.
        var endpoint = await HostProcess.StartAsync("endpoint", shared);
        var api = await HostProcess.StartAsync("api", shared, turn is null ? [] :
            [("Signalling:Ice:TurnUrls:0", turn.Url), ("Signalling:Ice:TurnSecret", turn.Secret)]);
        var media = await HostProcess.StartAsync("media", shared,
            ("Media:BindAddress", "127.0.0.1"),
            ("Media:ViewerReportSeconds", "1"),
            ("Media:Control:NodeName", "media-chain"),
            ("Media:Control:Endpoints:0", endpoint.BaseUrl.AbsoluteUri));
        var cluster = new LiveCluster(folder, endpoint, api, media);
        await cluster.WaitForMediaNodeAsync();
        return cluster;
    }

    /// <summary>Everything the three processes wrote, for a failure message.</summary>
    public string Output() =>
        $"--- endpoint\n{Endpoint.Output()}\n--- api\n{Api.Output()}\n--- media\n{Media.Output()}";

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        foreach (var process in _processes)
        {
            process.Dispose();
        }
        await Task.Delay(200); // SQLite's files are released once the processes are gone
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>NEWSTREAM answers once the media node registered at the endpoint and the endpoint wrote its row.</summary>
    private async Task WaitForMediaNodeAsync()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var response = await Http.GetAsync("API/NEWSTREAM/");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }
            if (clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                Assert.Fail($"NEWSTREAM never named the media node:\n{Output()}");
            }
            await Task.Delay(200);
        }
    }
}
