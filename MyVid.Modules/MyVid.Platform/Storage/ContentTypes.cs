using Microsoft.AspNetCore.StaticFiles;

namespace MyVid.Platform.Storage;

/// <summary>Content types by file extension, with the video containers browsers play added.</summary>
public static class ContentTypes
{
    private static readonly FileExtensionContentTypeProvider Provider = Create();

    public static string ForFileName(string fileName) =>
        Provider.TryGetContentType(fileName, out var type) ? type : "application/octet-stream";

    private static FileExtensionContentTypeProvider Create()
    {
        var provider = new FileExtensionContentTypeProvider();
        provider.Mappings[".mkv"] = "video/x-matroska";
        provider.Mappings[".webm"] = "video/webm";
        provider.Mappings[".mov"] = "video/quicktime";
        provider.Mappings[".webp"] = "image/webp";
        return provider;
    }
}
