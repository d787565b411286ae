using System.Diagnostics;
using System.Net;
using System.Text.Json;
using MyVid.Signalling.Ice;
using MyVid.Testing;

namespace MyVid.Signalling.Tests;

/// <summary>Appendix C's exact shapes, and TURN credentials checked by the real coturn (its own client allocates with them).</summary>
public sealed class IceTests
{
    private const string Stun = "stun:stun.l.google.com:19302";

    [Test]
    public async Task NEWSTREAM_and_ICE_answer_Appendix_C_s_exact_shape_with_a_time_limited_TURN_credential()
    {
        var turn = RealParts.Turn;
        await using var cluster = await Cluster.CreateAsync(Backend.Embedded,
            ("Signalling:Ice:StunUrls:0", Stun), ("Signalling:Ice:TurnUrls:0", turn.Url), ("Signalling:Ice:TurnSecret", turn.Secret),
            ("Signalling:Ice:CredentialLifetime", "00:10:00"));
        await using var node = await cluster.StartNodeAsync(Backend.Embedded, "api,endpoint");
        await using var media = await FakeMediaNode.RegisterAsync(node.BaseUrl);

        var stream = await GetJsonAsync(node, "API/NEWSTREAM/");
        Assert.That(Names(stream), Is.EqualTo(new[] { "PeerOptions", "Server", "Endpoint" }));
        Assert.That(Names(stream.GetProperty("PeerOptions")), Is.EqualTo(new[] { "iceServers" }));
        Assert.That(stream.GetProperty("Server").GetString(), Is.EqualTo(node.BaseUrl.Authority));
        Assert.That(stream.GetProperty("Endpoint").GetString(), Is.EqualTo(media.Id));
        var servers = stream.GetProperty("PeerOptions").GetProperty("iceServers").EnumerateArray().ToArray();
        Assert.That(servers, Has.Length.EqualTo(2));
        Assert.That(Names(servers[0]), Is.EqualTo(new[] { "urls" }));
        Assert.That(servers[0].GetProperty("urls").GetString(), Is.EqualTo(Stun));
        Assert.That(Names(servers[1]), Is.EqualTo(new[] { "urls", "credential", "username" }));
        Assert.That(servers[1].GetProperty("urls").GetString(), Is.EqualTo(turn.Url));
        var username = servers[1].GetProperty("username").GetString()!;
        Assert.That(username, Does.Match(@"^\d+:WebRTCUser$"));
        var expiry = DateTimeOffset.FromUnixTimeSeconds(long.Parse(username.Split(':')[0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.That(expiry - DateTimeOffset.UtcNow, Is.GreaterThan(TimeSpan.FromMinutes(9)).And.LessThan(TimeSpan.FromMinutes(11)));

        var ice = await GetJsonAsync(node, "API/ICE");
        Assert.That(Names(ice), Is.EqualTo(new[] { "iceServers" }));
        Assert.That(ice.GetProperty("iceServers").GetArrayLength(), Is.EqualTo(2));

        Assert.That(await AllocateAsync(turn, username, servers[1].GetProperty("credential").GetString()!), Is.Zero,
            "coturn accepts the credential NEWSTREAM handed out");
    }

    [Test]
    public async Task Coturn_refuses_an_expired_or_forged_credential()
    {
        var turn = RealParts.Turn;
        var (expiredUser, expiredPassword) = TurnCredentials.Create(turn.Secret, "WebRTCUser", DateTimeOffset.UtcNow.AddMinutes(-1));
        Assert.That(await AllocateAsync(turn, expiredUser, expiredPassword), Is.Not.Zero, "expired");
        var (user, _) = TurnCredentials.Create(turn.Secret, "WebRTCUser", DateTimeOffset.UtcNow.AddMinutes(10));
        var (_, forged) = TurnCredentials.Create("not-the-secret", "WebRTCUser", DateTimeOffset.UtcNow.AddMinutes(10));
        Assert.That(await AllocateAsync(turn, user, forged), Is.Not.Zero, "forged");
    }

    private static string[] Names(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToArray();

    private static async Task<JsonElement> GetJsonAsync(TestNode node, string path)
    {
        using var response = await node.Http.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>coturn's own client: allocates a relay with the credential and sends 4 messages through it; its exit code.</summary>
    private static async Task<int> AllocateAsync(TurnSettings turn, string username, string credential)
    {
        var uri = turn.Url["turn:".Length..].Split('?')[0];
        var host = uri[..uri.LastIndexOf(':')];
        var port = uri[(uri.LastIndexOf(':') + 1)..];
        var start = new ProcessStartInfo("turnutils_uclient") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-u", username, "-w", credential, "-r", turn.Realm, "-n", "1", "-m", "1", "-l", "100", "-p", port, "-e", host, "-y", host })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(limit.Token);
        TestContext.Out.WriteLine(await output + await errors);
        return process.ExitCode;
    }
}
