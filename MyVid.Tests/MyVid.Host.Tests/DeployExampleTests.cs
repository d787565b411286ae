using System.Text.Json;

namespace MyVid.Host.Tests;

/// <summary>The configuration examples in docs/deploy/ pass <c>config check</c> for their role, so the documentation stays true.</summary>
public sealed class DeployExampleTests
{
    [TestCase("api")]
    [TestCase("endpoint")]
    [TestCase("media")]
    public async Task Each_role_example_is_a_valid_configuration(string role)
    {
        var folder = Path.Combine(RepositoryRoot(), "docs", "deploy");
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        using (var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, $"appsettings.{role}.json"))))
        {
            Flatten(json.RootElement, "", settings);
        }
        foreach (var line in await File.ReadAllLinesAsync(Path.Combine(folder, $"{role}.env")))
        {
            if (line.Length > 0 && line[0] != '#' && !line.StartsWith("ASPNETCORE_", StringComparison.Ordinal))
            {
                var equals = line.IndexOf('=', StringComparison.Ordinal);
                settings[line[..equals].Replace("__", ":", StringComparison.Ordinal)] = line[(equals + 1)..];
            }
        }
        var data = Directory.CreateTempSubdirectory().FullName;
        settings["Node:DataFolder"] = data;
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var exit = await MyVidHost.RunAsync(["config", "check", "--role", role, .. settings.Select(kv => $"--{kv.Key}={kv.Value}")], output, errors);
        Directory.Delete(data, true);
        Assert.That(exit, Is.Zero, errors.ToString());
        Assert.That(output.ToString(), Does.StartWith("OK"));
    }

    private static void Flatten(JsonElement element, string prefix, Dictionary<string, string> settings)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Flatten(property.Value, prefix.Length == 0 ? property.Name : $"{prefix}:{property.Name}", settings);
                }
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Flatten(item, $"{prefix}:{i++}", settings);
                }
                break;
            default:
                settings[prefix] = element.ToString();
                break;
        }
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "MyVid.sln")))
        {
            folder = folder.Parent;
        }
        return folder?.FullName ?? throw new DirectoryNotFoundException("MyVid.sln not found above " + AppContext.BaseDirectory);
    }
}
