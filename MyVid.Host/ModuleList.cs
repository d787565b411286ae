using MyVid.Catalog;
using MyVid.Media;
using MyVid.Platform.Modules;
using MyVid.Signalling;
using MyVid.Upload;
using MyVid.Web;

namespace MyVid.Host;

/// <summary>Every module the binary carries; the active roles decide which of them register anything.</summary>
internal static class ModuleList
{
    public static IReadOnlyList<IMyVidModule> All { get; } =
        [new CatalogModule(), new SignallingModule(), new UploadModule(), new MediaModule(), new WebModule()];
}
