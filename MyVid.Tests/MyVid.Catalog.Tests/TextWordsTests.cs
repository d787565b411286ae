using MyVid.Catalog.Search;

namespace MyVid.Catalog.Tests;

/// <summary>How text becomes the words of MariaDB's term index (the host runs with invariant globalization).</summary>
public sealed class TextWordsTests
{
    [TestCase("küche", "kuche")]
    [TestCase("straße", "strasse")]
    [TestCase("élève", "eleve")]
    [TestCase("çağrı", "cagri")]
    [TestCase("ku\u0308che", "kuche")]
    [TestCase("kubernetes", "kubernetes")]
    [TestCase("39c3", "39c3")]
    public void Fold_drops_accents(string word, string folded)
    {
        Assert.That(TextWords.Fold(word), Is.EqualTo(folded));
    }

    [Test]
    public void Words_are_lower_case_runs_of_letters_and_digits_of_two_or_more()
    {
        Assert.That(TextWords.Of("Die Küche (der) Zukunft: 39C3, a b!"), Is.EqualTo(new[] { "die", "küche", "der", "zukunft", "39c3" }));
    }

    [Test]
    public void A_long_word_is_cut_to_the_term_length()
    {
        Assert.That(TextWords.Fold(new string('x', 100)), Has.Length.EqualTo(TextWords.MaxTermLength));
    }

    [Test]
    public void A_title_gives_its_prefixes_and_every_field_its_words()
    {
        var text = IndexedText.Of(7, "Küche", "Sensoren und Küche", "Ada", "hw");
        var terms = text.Terms().ToList();
        Assert.That(terms.Where(t => t.Field == Persistence.VideoTerm.TitlePrefix).Select(t => t.Term), Is.EquivalentTo(new[] { "ku", "kuc", "kuch", "kuche" }));
        Assert.That(terms.Where(t => t.Field == Persistence.VideoTerm.Word).Select(t => t.Term), Is.EquivalentTo(new[] { "kuche", "sensoren", "und", "ada", "hw" }));
        Assert.That(text.ToRow().TitleWords, Is.EqualTo(" kuche "));
    }
}
