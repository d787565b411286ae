using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MyVid.LoadClient;

namespace MyVid.Drills;

/// <summary>
/// A running scripts/topology.sh deployment: its public URLs (read from <c>topology.sh env</c>), HTTPS clients that
/// trust its CA, and the script's <c>kill</c> and <c>start</c> for one node.
/// </summary>
internal sealed class Deployment
{
    private readonly string _script;
    private readonly IReadOnlyDictionary<string, string> _environment;

    private Deployment(string script, string folder, IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, string> environment)
    {
        _script = script;
        _environment = environment;
        Folder = folder;
        Api = new Uri(values["MYVID_TOPOLOGY_URL"]);
        Stats = new Uri(values["MYVID_TOPOLOGY_STATS"] + ";csv");
        Endpoints = values["MYVID_TOPOLOGY_ENDPOINTS"].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(u => new Uri(u)).ToArray();
        Nodes = values["MYVID_TOPOLOGY_NODES"].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        MediaUdp = values["MYVID_TOPOLOGY_MEDIA_UDP"].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).ToDictionary(p => IPEndPoint.Parse(p[1]), p => p[0]);
        NodeHttp = values["MYVID_TOPOLOGY_HTTP"].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        ClientTls.Trust(values["MYVID_TOPOLOGY_CA"]);
    }

    public string Folder { get; }

    /// <summary>HAProxy's api frontend, e.g. https://127.0.0.21:36443/.</summary>
    public Uri Api { get; }

    public Uri Stats { get; }

    /// <summary>The endpoints' public URLs (their HAProxy frontends), endpoint1 first.</summary>
    public IReadOnlyList<Uri> Endpoints { get; }

    public IReadOnlyList<string> Nodes { get; }

    /// <summary>Each node's own address (ADDR:PORT, plain HTTP, behind HAProxy) by name.</summary>
    public IReadOnlyDictionary<string, string> NodeHttp { get; }

    /// <summary>Media nodes by their UDP address (what a publisher's answer names).</summary>
    public IReadOnlyDictionary<IPEndPoint, string> MediaUdp { get; }

    /// <summary>The endpoint node whose public URL has this authority (endpoint1 is the first).</summary>
    public string EndpointNode(string authority) =>
        "endpoint" + (Endpoints.Select((u, i) => (u, i)).First(e => e.u.Authority == authority).i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Reads the deployment in <paramref name="folder"/>; <paramref name="environment"/> is what topology.sh needs (its MYVID_TOPOLOGY_*).</summary>
    public static async Task<Deployment> OpenAsync(string script, string folder, IReadOnlyDictionary<string, string>? environment = null)
    {
        environment ??= new Dictionary<string, string>();
        var output = await RunScriptAsync(script, environment, "env", folder);
        var values = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1].Trim('\''), StringComparer.Ordinal);
        return new Deployment(script, folder, values, environment);
    }

    /// <summary>Runs <c>topology.sh up</c>: parts, migration, nodes, HAProxy; returns when a media node is registered.</summary>
    public static Task UpAsync(string script, string folder, IReadOnlyDictionary<string, string> environment) =>
        RunScriptAsync(script, environment, "up", folder);

    public static Task DownAsync(string script, string folder, IReadOnlyDictionary<string, string> environment) =>
        RunScriptAsync(script, environment, "down", folder);

    /// <summary>SIGKILL, a crash.</summary>
    public Task KillAsync(string node) => RunScriptAsync(_script, _environment, "kill", Folder, node);

    /// <summary>Starts a killed node again and waits until it is healthy.</summary>
    public Task StartAsync(string node) => RunScriptAsync(_script, _environment, "start", Folder, node);

    public string NodeLog(string node) => Path.Combine(Folder, "logs", node + ".log");

    /// <summary>
    /// An HTTPS client trusting the deployment's CA, from <paramref name="source"/> when given: the load balancer
    /// forwards the client's address, which the rate limits key on, so a drill can be several clients.
    /// </summary>
    /// <summary>A client of the deployment; <paramref name="waitOutLimits"/>: 429s are waited out (<see cref="RetryAfterHandler"/>), not returned.</summary>
    public static HttpClient Client(Uri? baseAddress = null, IPAddress? source = null, TimeSpan? timeout = null, bool waitOutLimits = false) =>
        new(waitOutLimits ? new RetryAfterHandler(Handler(source)) : Handler(source))
        {
            BaseAddress = baseAddress,
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
        };

    /// <summary>A handler trusting the deployment's CA whose connections leave from <paramref name="source"/> when given.</summary>
    public static SocketsHttpHandler Handler(IPAddress? source)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromSeconds(30),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            SslOptions = { RemoteCertificateValidationCallback = ClientTls.Validate },
        };
        if (source is not null)
        {
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }
        return handler;
    }

    /// <summary>HAProxy's view of one backend server: UP, DOWN, ...; from its stats CSV.</summary>
    public async Task<string> ServerStateAsync(string backend, string server)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var csv = await http.GetStringAsync(Stats);
        foreach (var line in csv.Split('\n'))
        {
            var columns = line.Split(',');
            if (columns.Length > 17 && columns[0] == backend && columns[1] == server)
            {
                return columns[17];
            }
        }
        return "?";
    }

    private static async Task<string> RunScriptAsync(string script, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(script)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(script)} {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{await errors}");
        }
        return await output;
    }
}
