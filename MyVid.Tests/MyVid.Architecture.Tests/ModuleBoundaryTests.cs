using System.Reflection;
using MyVid.Catalog;
using MyVid.Media;
using MyVid.Platform;
using MyVid.Signalling;
using MyVid.Upload;
using MyVid.Web;
using MyVid.WebRtc.Stun;
using NetArchTest.Rules;

namespace MyVid.Architecture.Tests;

/// <summary>Keeps the house's shape: modules apart, the WebRTC library free of MyVid and ASP.NET.</summary>
public sealed class ModuleBoundaryTests
{
    private static readonly Assembly WebRtc = typeof(StunMessage).Assembly;
    private static readonly Assembly Platform = typeof(PlatformServices).Assembly;
    private static readonly Assembly Catalog = typeof(CatalogModule).Assembly;
    private static readonly Assembly Signalling = typeof(SignallingModule).Assembly;
    private static readonly Assembly Upload = typeof(UploadModule).Assembly;
    private static readonly Assembly Media = typeof(MediaModule).Assembly;
    private static readonly Assembly Web = typeof(WebModule).Assembly;

    private static readonly Assembly[] Modules = [Catalog, Signalling, Upload, Web, Media];

    [Test]
    public void The_WebRtc_library_references_nothing_of_MyVid_ASP_NET_or_EF()
    {
        var referenced = WebRtc.GetReferencedAssemblies().Select(a => a.Name!).ToArray();
        Assert.That(referenced, Has.None.StartsWith("MyVid."));
        Assert.That(referenced, Has.None.StartsWith("Microsoft.AspNetCore"));
        Assert.That(referenced, Has.None.StartsWith("Microsoft.EntityFrameworkCore"));
        Assert.That(referenced, Has.None.StartsWith("Microsoft.Extensions"));
        var result = Types.InAssembly(WebRtc).ShouldNot().HaveDependencyOnAny("MyVid.Platform", "MyVid.Catalog", "MyVid.Signalling", "MyVid.Upload", "MyVid.Media", "Microsoft.AspNetCore")
            .GetResult();
        Assert.That(result.FailingTypeNames ?? [], Is.Empty);
    }

    [Test]
    public void The_media_module_touches_no_database()
    {
        // Media nodes may run anywhere: they reach the catalogue through an endpoint, never a database.
        var referenced = Media.GetReferencedAssemblies().Select(a => a.Name!).ToArray();
        Assert.That(referenced, Has.None.StartsWith("Microsoft.EntityFrameworkCore"));
        Assert.That(referenced, Has.None.StartsWith("MySqlConnector"));
        Assert.That(referenced, Has.None.StartsWith("Microsoft.Data.Sqlite"));
        var result = Types.InAssembly(Media).ShouldNot()
            .HaveDependencyOnAny("Microsoft.EntityFrameworkCore", "MySqlConnector", "Microsoft.Data.Sqlite", "MyVid.Platform.Persistence")
            .GetResult();
        Assert.That(result.FailingTypeNames ?? [], Is.Empty);
    }

    [Test]
    public void The_platform_references_no_module()
    {
        var referenced = Platform.GetReferencedAssemblies().Select(a => a.Name!).ToArray();
        Assert.That(referenced.Where(n => n.StartsWith("MyVid.", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public void Modules_reference_only_the_platform_and_other_modules_contracts()
    {
        foreach (var module in Modules)
        {
            var others = Modules.Where(m => m != module).Select(m => m.GetName().Name!).ToArray();
            foreach (var other in others)
            {
                var result = Types.InAssembly(module).ShouldNot().HaveDependencyOnAny(
                        Types.InAssembly(Modules.Single(m => m.GetName().Name == other))
                            .That().DoNotResideInNamespaceEndingWith(".Contracts").GetTypes().Select(t => t.FullName!)
                            // Compiler-generated types (<>z__ReadOnlySingleElementList for [x]) have the same name in
                            // every assembly that uses them: a match on them is no dependency.
                            .Where(n => !n.StartsWith('<')).ToArray())
                    .GetResult();
                Assert.That(result.FailingTypeNames ?? [], Is.Empty, $"{module.GetName().Name} reaches into {other}'s internals");
            }
        }
    }

    [Test]
    public void A_module_exposes_only_its_module_class_options_contracts_and_wire_shapes()
    {
        foreach (var module in Modules)
        {
            var exposed = module.GetExportedTypes()
                .Where(t => !t.Name.EndsWith("Module", StringComparison.Ordinal)
                    && !t.Name.Contains("Options", StringComparison.Ordinal)
                    && t.Namespace?.EndsWith(".Contracts", StringComparison.Ordinal) != true
                    && t.Namespace?.EndsWith(".Api", StringComparison.Ordinal) != true)
                .Select(t => t.FullName)
                .ToArray();
            Assert.That(exposed, Is.Empty, $"{module.GetName().Name} exposes internals: {string.Join(", ", exposed)}");
        }
    }
}
