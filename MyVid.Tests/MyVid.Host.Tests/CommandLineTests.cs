using MyVid.Host;
using MyVid.Platform.Roles;

namespace MyVid.Host.Tests;

public sealed class CommandLineTests
{
    [TestCase(new[] { "--role", "api" }, NodeRoles.Api)]
    [TestCase(new[] { "--role", "api,endpoint" }, NodeRoles.Api | NodeRoles.Endpoint)]
    [TestCase(new[] { "--role", "api", "--role", "media" }, NodeRoles.Api | NodeRoles.Media)]
    [TestCase(new[] { "--role=Endpoint" }, NodeRoles.Endpoint)]
    [TestCase(new[] { "--role", "all" }, NodeRoles.All)]
    [TestCase(new string[0], NodeRoles.All)]
    public void Roles_are_read_comma_separated_or_repeated(string[] args, NodeRoles expected)
    {
        Assert.That(HostCommandLine.TryParse(args, out var commandLine, out var error), Is.True, error);
        Assert.That(commandLine.Roles.Roles, Is.EqualTo(expected));
    }

    [Test]
    public async Task An_unknown_role_exits_with_2_listing_the_valid_ones()
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var exit = await MyVidHost.RunAsync(["--role", "api,transcoder"], output, errors);
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(errors.ToString(), Does.Contain("unknown role 'transcoder'"));
        Assert.That(errors.ToString(), Does.Contain("api, endpoint, media, all"));
    }

    [Test]
    public async Task A_bad_configuration_value_stops_the_host_naming_the_key()
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var data = Directory.CreateTempSubdirectory().FullName;
        var exit = await MyVidHost.RunAsync(["import-ccc", "x.json", $"--Node:DataFolder={data}", "--ObjectStore:UrlLifetime=30.00:00:00"], output, errors);
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(errors.ToString(), Does.Contain("ObjectStore:UrlLifetime"));
        Directory.Delete(data, true);
    }

    [Test]
    public async Task A_node_with_bad_values_does_not_start_and_names_every_bad_key()
    {
        using var errors = new StringWriter();
        var data = Directory.CreateTempSubdirectory().FullName;
        var exit = await MyVidHost.RunAsync(["--role", "api,media", "--urls", "http://127.0.0.1:0", $"--Node:DataFolder={data}",
            "--Media:BindAddress=0.0.0.0", "--Catalog:MaxPageSize=0"], TextWriter.Null, errors);
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(errors.ToString(), Does.Contain("Media:AdvertisedAddress: is required when BindAddress is a wildcard")
            .And.Contain("Catalog:MaxPageSize"));
        Directory.Delete(data, true);
    }

    [Test]
    public async Task Migrate_applies_every_module_database()
    {
        using var output = new StringWriter();
        var data = Directory.CreateTempSubdirectory().FullName;
        var exit = await MyVidHost.RunAsync(["migrate", $"--Node:DataFolder={data}"], output, TextWriter.Null);
        Assert.That(exit, Is.Zero);
        Assert.That(output.ToString(), Does.Contain("migrated CatalogDbContext"));
        Assert.That(File.Exists(Path.Combine(data, "myvid.db")), Is.True);
        Directory.Delete(data, true);
    }

    [Test]
    public async Task An_unknown_command_exits_with_2()
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var data = Directory.CreateTempSubdirectory().FullName;
        var exit = await MyVidHost.RunAsync(["frobnicate", $"--Node:DataFolder={data}"], output, errors);
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(errors.ToString(), Does.Contain("unknown command 'frobnicate'"));
        Directory.Delete(data, true);
    }

    [Test]
    public async Task Help_lists_every_command()
    {
        using var output = new StringWriter();
        var data = Directory.CreateTempSubdirectory().FullName;
        var exit = await MyVidHost.RunAsync(["--help", $"--Node:DataFolder={data}"], output, TextWriter.Null);
        Assert.That(exit, Is.Zero);
        Assert.That(output.ToString(), Does.Contain("--role"));
        foreach (var command in Commands)
        {
            Assert.That(output.ToString(), Does.Contain(Environment.NewLine + "  " + command + " "), command);
        }
        Directory.Delete(data, true);
    }

    private static readonly string[] Commands = ["migrate", "import-ccc", "videos", "nodes", "stream-keys", "config"];

    [TestCaseSource(nameof(Commands))]
    public async Task Each_command_has_its_own_help(string command)
    {
        using var output = new StringWriter();
        var data = Directory.CreateTempSubdirectory().FullName;
        var exit = await MyVidHost.RunAsync([command, "--help", $"--Node:DataFolder={data}"], output, TextWriter.Null);
        Assert.That(exit, Is.Zero);
        Assert.That(output.ToString(), Does.StartWith($"usage: MyVid.Host {command}"));
        Assert.That(File.Exists(Path.Combine(data, "myvid.db")), Is.False, "--help does nothing else");
        Directory.Delete(data, true);
    }
}
