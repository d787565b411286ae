using System.Net;
using System.Text.RegularExpressions;

namespace MyVid.Catalog.Import;

/// <summary>
/// media.ccc.de descriptions are partly HTML ("&lt;p&gt;F&amp;uuml;r die …&lt;/p&gt;", links, line breaks).
/// Clients show descriptions as text, so the import keeps the text and its line breaks: block tags and
/// &lt;br&gt; become line breaks, other tags go, entities are decoded (after the tags are gone, so an
/// encoded "&amp;lt;b&amp;gt;" stays text). A "&lt;" not followed by a tag name is text and stays.
/// </summary>
internal static partial class HtmlText
{
    public static string ToPlainText(string text)
    {
        if (!LooksLikeHtml().IsMatch(text))
        {
            return text;
        }
        var plain = Hidden().Replace(text, "");
        plain = LineBreak().Replace(plain, "\n");
        plain = Tag().Replace(plain, "");
        plain = WebUtility.HtmlDecode(plain).Replace('\u00a0', ' ').Replace("\r\n", "\n");
        plain = TrailingSpace().Replace(plain, "\n");
        return ManyBlankLines().Replace(plain, "\n\n").Trim();
    }

    [GeneratedRegex(@"<[a-zA-Z/!]|&(#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")]
    private static partial Regex LooksLikeHtml();

    /// <summary>Comments, and scripts and styles with their content.</summary>
    [GeneratedRegex(@"<!--.*?-->|<(script|style)\b[^>]*>.*?</\1\s*>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Hidden();

    [GeneratedRegex(@"<(br|/?p|/?div|/?li|/?ul|/?ol|/?h[1-6]|/?blockquote|/?pre|/?tr|/?table)\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex LineBreak();

    [GeneratedRegex(@"</?[a-zA-Z][a-zA-Z0-9-]*\b[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"[ \t]+\n")]
    private static partial Regex TrailingSpace();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex ManyBlankLines();
}
