using Microsoft.Extensions.Options;
using MyVid.Platform.Storage;

namespace MyVid.Web;

/// <summary>
/// The app shell's Content-Security-Policy. Everything the page needs comes from MyVid; images and videos may come
/// from the object store or a CDN. Requests (<c>connect-src</c>) go to MyVid, to the S3 store a browser uploads to
/// through pre-signed URLs (its public endpoint, or AWS's when none is set), and to <c>Web:ConnectSources</c>. The local
/// store is served by MyVid itself.
/// </summary>
internal sealed class ContentSecurityPolicy(IOptions<ObjectStoreOptions> store, IOptions<WebOptions> web)
{
    public string Value { get; } = Build(ConnectSources(store.Value, web.Value));

    public static IReadOnlyList<string> ConnectSources(ObjectStoreOptions store, WebOptions web)
    {
        var sources = new List<string> { "'self'" };
        if (store.Provider == ObjectStoreProvider.S3)
        {
            var endpoint = string.IsNullOrEmpty(store.S3.PublicServiceUrl) ? store.S3.ServiceUrl : store.S3.PublicServiceUrl;
            if (string.IsNullOrEmpty(endpoint))
            {
                // MyVid signs path-style URLs; AWS names the endpoint by region, us-east-1 also without.
                sources.Add($"https://s3.{store.S3.Region}.amazonaws.com");
                sources.Add("https://s3.amazonaws.com");
            }
            else
            {
                sources.Add(new Uri(endpoint).GetLeftPart(UriPartial.Authority));
            }
        }
        sources.AddRange(web.ConnectSources.Select(s => s.TrimEnd('/')));
        return sources.Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
    }

    public static bool IsOrigin(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https" or "ws" or "wss"
        && uri.AbsolutePath == "/" && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0;

    private static string Build(IEnumerable<string> connect) =>
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src * data: blob:; media-src * blob:; " +
        $"connect-src {string.Join(' ', connect)}; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
}
