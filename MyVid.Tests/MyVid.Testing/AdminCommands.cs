using Microsoft.Extensions.DependencyInjection;
using MyVid.Platform.Modules;

namespace MyVid.Testing;

/// <summary>A node's admin commands (<c>MyVid.Host NAME ...</c>) run inside the test's node, against its own database.</summary>
public static class AdminCommands
{
    /// <summary>Runs <c>MyVid.Host NAME ARGUMENTS</c>; fails the test on a non-zero exit; its output.</summary>
    public static async Task<string> RunAsync(this TestNode node, string name, params string[] arguments)
    {
        var command = node.Services.GetServices<ICliCommand>().Single(c => c.Name == name);
        using var output = new StringWriter();
        Assert.That(await command.RunAsync(arguments, output, CancellationToken.None), Is.EqualTo(0), output.ToString());
        return output.ToString();
    }

    /// <summary>A WHIP stream key as an operator makes one (<c>MyVid.Host stream-keys create NAME</c>).</summary>
    public static async Task<string> CreateStreamKeyAsync(this TestNode node, string name) =>
        (await node.RunAsync("stream-keys", "create", name)).Split('\n').Single(l => l.StartsWith("key: ", StringComparison.Ordinal))["key: ".Length..].Trim();
}
