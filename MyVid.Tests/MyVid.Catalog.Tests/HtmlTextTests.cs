using System.Text.Json;
using System.Text.RegularExpressions;
using MyVid.Catalog.Import;

namespace MyVid.Catalog.Tests;

/// <summary>CCC descriptions are stored as text: tags go, block tags become line breaks, entities are decoded.</summary>
public sealed class HtmlTextTests
{
    private static readonly Regex TagOrEntity = new(@"</?[a-zA-Z][a-zA-Z0-9]*\b[^>]*>|&(#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);");

    [TestCase("<p>F&uuml;r die Textconsole &amp; mehr</p>", "Für die Textconsole & mehr")]
    [TestCase("Erste Zeile<br>zweite<br />dritte", "Erste Zeile\nzweite\ndritte")]
    [TestCase("<p>One</p>\n<p>Two</p>", "One\n\nTwo")]
    [TestCase("Zum Programm: <a href=\"https://l-p-d.org/fahrplan#c2ec\">https://l-p-d.org/fahrplan#c2ec</a>\r\n\r\nEnde",
        "Zum Programm: https://l-p-d.org/fahrplan#c2ec\n\nEnde")]
    [TestCase("<ul><li>eins</li><li>zwei</li></ul>", "eins\n\nzwei")]
    [TestCase("Code: &lt;b&gt; is bold&#33; <!-- hidden --><script>alert(1)</script>", "Code: <b> is bold!")]
    public void Html_becomes_text_with_its_line_breaks(string html, string text)
    {
        Assert.That(HtmlText.ToPlainText(html), Is.EqualTo(text));
    }

    [TestCase("Plain text, with a line\r\nbreak and  two spaces.")]
    [TestCase("1 < 2 && 3 > 2, and R&D stays")]
    public void Text_without_html_is_kept_as_it_is(string text)
    {
        Assert.That(HtmlText.ToPlainText(text), Is.EqualTo(text));
    }

    /// <summary>Every description of the real files (the demo catalogue and shared/data/ccc) reads as text.</summary>
    [Test]
    public void No_imported_description_holds_a_tag_or_an_entity()
    {
        var folders = new[] { CccData.Folder, Path.Combine(CccData.Folder, "..", "..", "..", "..", "shared", "data", "ccc") }
            .Where(Directory.Exists).ToList();
        var files = folders.SelectMany(f => Directory.GetFiles(f, "*.json")).ToList();
        var raw = files.SelectMany(f => RawDescriptions(File.ReadAllBytes(f))).Where(d => TagOrEntity.IsMatch(d)).ToList();
        var read = files.SelectMany(f => CccFileReader.Read(Path.GetFileName(f), File.ReadAllBytes(f))).ToList();
        Assert.That(raw, Is.Not.Empty, "the real files do hold HTML descriptions");
        Assert.That(read.Select(e => e.Description).Where(d => TagOrEntity.IsMatch(d)), Is.Empty);
        Assert.That(read.Select(e => e.Description), Has.Some.StartWith("Für die Textconsole gibt es schon lange die Möglichkeit"));
    }

    private static List<string> RawDescriptions(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var events = root.TryGetProperty("events", out var list) ? list.EnumerateArray().ToList() : [root];
        return events.Where(e => e.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String)
            .Select(e => e.GetProperty("description").GetString()!).ToList();
    }
}
