using MyVid.Catalog.Persistence;

namespace MyVid.Catalog.Search;

/// <summary>
/// What the MariaDB term index keeps of one video: its distinct folded title words and all its distinct folded
/// words (<see cref="TextWords"/>), and the <see cref="VideoTerm"/> rows they make.
/// </summary>
internal sealed class IndexedText
{
    private IndexedText(long randomKey, short titleLength, IReadOnlyList<string> titleWords, IReadOnlyList<string> allWords)
    {
        RandomKey = randomKey;
        TitleLength = titleLength;
        TitleWords = titleWords;
        AllWords = allWords;
    }

    public long RandomKey { get; }

    public short TitleLength { get; }

    public IReadOnlyList<string> TitleWords { get; }

    public IReadOnlyList<string> AllWords { get; }

    public static IndexedText Of(long randomKey, string title, string description, string speakers, string tags)
    {
        var titleWords = Folded(TextWords.Of(title));
        var allWords = Folded(TextWords.Of(title).Concat(TextWords.Of(description)).Concat(TextWords.Of(speakers)).Concat(TextWords.Of(tags)));
        var titleLength = (short)Math.Min(title.EnumerateRunes().Count(), short.MaxValue);
        return new IndexedText(randomKey, titleLength, titleWords, allWords);
    }

    /// <summary>From a <see cref="VideoWords"/> row: what the index holds for the video now.</summary>
    public static IndexedText Of(VideoWords stored) =>
        new(stored.RandomKey, stored.TitleLength, Split(stored.TitleWords), Split(stored.AllWords));

    public VideoWords ToRow() => new()
    {
        RandomKey = RandomKey,
        TitleLength = TitleLength,
        TitleWords = Joined(TitleWords),
        AllWords = Joined(AllWords),
    };

    /// <summary>Every prefix of two or more characters of each title word, and each word anywhere.</summary>
    public IEnumerable<(byte Field, string Term)> Terms()
    {
        var prefixes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in TitleWords)
        {
            for (var length = 2; length <= word.Length; length++)
            {
                if (!char.IsHighSurrogate(word[length - 1]))
                {
                    prefixes.Add(word[..length]);
                }
            }
        }
        return prefixes.Select(p => (VideoTerm.TitlePrefix, p)).Concat(AllWords.Select(w => (VideoTerm.Word, w)));
    }

    /// <summary>" a b c ": a search looks for " word" (a prefix) or " word " (a whole word).</summary>
    private static string Joined(IReadOnlyList<string> words) => words.Count == 0 ? " " : " " + string.Join(' ', words) + " ";

    private static string[] Split(string joined) => joined.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static List<string> Folded(IEnumerable<string> words) =>
        words.Select(TextWords.Fold).Where(w => w.Length > 1).Distinct(StringComparer.Ordinal).ToList();
}
