using System.Globalization;
using System.Net;
using MyVid.LoadClient;

return await LoadClientCommand.RunAsync(args, Console.Out);

namespace MyVid.LoadClient
{
    /// <summary>The command line: <c>make-feed</c>, <c>publish</c>, <c>viewers</c>.</summary>
    internal static class LoadClientCommand
    {
        public const string Usage = """
            MyVid load client (WebRTC on MyVid.WebRtc, client side: full ICE controlling, DTLS client, SRTP)

              make-feed --out FILE [--seconds 20] [--kbps 600] [--gop 30]
                  ffmpeg testsrc2 640x360@30 VP8 + sine Opus, captured as RTP packets into FILE.
              publish --url WS --feed FILE [--stream-file PATH] [--seconds 0] [--local 127.0.0.1]
                  Appendix C: offer, answer, LIVE; loops FILE until --seconds (0: until stopped). Prints "STREAM <id>".
              viewers --url WS --stream ID --viewers N [--rate 50] [--seconds 10] [--threads CORES]
                      [--json PATH] [--ready-file PATH] [--local 127.0.0.1] [--sample-every 64] [--settle 10]
                  Appendix D for N viewers joining at --rate per second; after the ramp (and first key frames, at
                  most --settle s) a window of --seconds; prints a summary table, writes per-viewer JSON.
              rtp-feed --feed FILE --video HOST:PORT --audio HOST:PORT [--video-pt 100] [--audio-pt 111] [--seconds 0]
                  The feed as plain RTP (a Janus streaming RTP mountpoint), paced and looped like publish.

            --ca FILE (every mode) trusts a test deployment's own CA for wss:// (scripts/haproxy.sh's DIR/tls/ca.crt).
            WS is the signalling WebSocket: ws://node/bench/session (a media node with Media:DirectSessionsForBenchmarks)
            or ws://endpoint/ENDPOINT/{id} once the endpoint bridges to media nodes; for viewers also Janus's HTTP
            API, http://host:port/janus, with --mountpoint ID (its streaming plugin; bench/janus-side-by-side.sh).
            """;

        public static async Task<int> RunAsync(string[] args, TextWriter output)
        {
            if (args.Length == 0 || args[0] is "-h" or "--help")
            {
                await output.WriteLineAsync(Usage);
                return args.Length == 0 ? 2 : 0;
            }

            var options = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 1; i < args.Length; i++)
            {
                if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                {
                    await output.WriteLineAsync($"error: expected --name value at '{args[i]}'\n\n{Usage}");
                    return 2;
                }

                options[args[i][2..]] = args[++i];
            }

            if (options.TryGetValue("ca", out var ca))
            {
                ClientTls.Trust(ca);
            }

            using var cancel = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                cancel.Cancel();
            };
            try
            {
                switch (args[0])
                {
                    case "make-feed":
                        return await Feed.MakeAsync(Required(options, "out"), Int(options, "seconds", 20), Int(options, "kbps", 600), Int(options, "gop", 30), output);
                    case "publish":
                        return await PublishAsync(options, output, cancel.Token);
                    case "viewers":
                        var viewersOptions = new ViewersOptions(new Uri(Required(options, "url")), Required(options, "stream"), Int(options, "viewers", 10))
                        {
                            Rate = double.Parse(options.GetValueOrDefault("rate", "50"), CultureInfo.InvariantCulture),
                            Seconds = Int(options, "seconds", 10),
                            Threads = Int(options, "threads", Environment.ProcessorCount),
                            LocalAddress = IPAddress.Parse(options.GetValueOrDefault("local", "127.0.0.1")),
                            SampleEvery = Int(options, "sample-every", 64),
                            ReadyFile = options.GetValueOrDefault("ready-file"),
                            SettleSeconds = Int(options, "settle", 10),
                            Mountpoint = Int(options, "mountpoint", 1),
                        };
                        var report = await ViewersRun.RunAsync(viewersOptions, output, cancel.Token);
                        report.Print(output);
                        if (options.TryGetValue("json", out var json))
                        {
                            report.WriteJson(json);
                        }

                        return report.Connected > 0 ? 0 : 1;
                    case "rtp-feed":
                        return await FeedRtpAsync(options, output, cancel.Token);
                    default:
                        await output.WriteLineAsync($"error: unknown mode '{args[0]}'\n\n{Usage}");
                        return 2;
                }
            }
            catch (ArgumentException e)
            {
                await output.WriteLineAsync("error: " + e.Message);
                return 2;
            }
        }

        private static async Task<int> PublishAsync(Dictionary<string, string> options, TextWriter output, CancellationToken cancellationToken)
        {
            var seconds = Int(options, "seconds", 0);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var publisher = new Publisher(Feed.Load(Required(options, "feed")), IPAddress.Parse(options.GetValueOrDefault("local", "127.0.0.1")));
            var streamFile = options.GetValueOrDefault("stream-file");
            var streamId = await publisher.RunAsync(new Uri(Required(options, "url")), id =>
            {
                output.WriteLine("STREAM " + id);
                output.Flush();
                if (streamFile is not null)
                {
                    File.WriteAllText(streamFile, id);
                }

                if (seconds > 0)
                {
                    stop.CancelAfter(TimeSpan.FromSeconds(seconds));
                }
            }, output, stop.Token);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"publisher: {publisher.VideoPackets} video + {publisher.AudioPackets} audio packets, {publisher.Bytes * 8 / 1e6:F1} Mbit, {publisher.KeyframeRequests} key frame requests, {publisher.KeyframesSent} key frames sent{(publisher.Error is null ? "" : "; " + publisher.Error)}"));
            return streamId is null ? 1 : 0;
        }

        private static async Task<int> FeedRtpAsync(Dictionary<string, string> options, TextWriter output, CancellationToken cancellationToken)
        {
            var sender = new RtpFeedSender(Feed.Load(Required(options, "feed")),
                IPEndPoint.Parse(Required(options, "video")), (byte)Int(options, "video-pt", 100),
                IPEndPoint.Parse(Required(options, "audio")), (byte)Int(options, "audio-pt", 111));
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (Int(options, "seconds", 0) is > 0 and var seconds)
            {
                stop.CancelAfter(TimeSpan.FromSeconds(seconds));
            }

            await Task.Run(() => sender.Run(stop.Token), CancellationToken.None);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"rtp-feed: {sender.Packets} packets sent"));
            return 0;
        }

        private static string Required(Dictionary<string, string> options, string name) =>
            options.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required");

        private static int Int(Dictionary<string, string> options, string name, int fallback) =>
            options.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
    }
}
