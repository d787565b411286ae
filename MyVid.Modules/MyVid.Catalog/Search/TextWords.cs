using System.Globalization;
using System.Text;

namespace MyVid.Catalog.Search;

/// <summary>
/// How search cuts text into words: runs of letters and digits, lower-cased, at least two characters (one-letter
/// words match nearly everything). Searches and the MariaDB term index cut text alike, so they agree on what a word is.
/// </summary>
internal static class TextWords
{
    /// <summary>Longer words are cut to this many characters in the term index (and in searches, which match prefixes).</summary>
    public const int MaxTermLength = 64;

    /// <summary>Every word of <paramref name="text"/> in order, repeats included, lower-cased, in Unicode form C.</summary>
    public static IEnumerable<string> Of(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            yield break;
        }
        var current = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune) || IsCombiningMark(rune))
            {
                current.Append(rune.ToString().ToLowerInvariant());
                continue;
            }
            if (current.Length > 1)
            {
                yield return current.ToString().Normalize(NormalizationForm.FormC);
            }
            current.Clear();
        }
        if (current.Length > 1)
        {
            yield return current.ToString().Normalize(NormalizationForm.FormC);
        }
    }

    /// <summary>
    /// A word as the term index keeps it: without accents ("küche" → "kuche"), "ß" as "ss", at most
    /// <see cref="MaxTermLength"/> characters. Only letters and digits remain, so a folded word is safe inside SQL quotes.
    /// The host runs with invariant globalization, where string.Normalize does nothing: lower-case Latin letters
    /// with diacritics map through a table (made from Unicode's decompositions), separate combining marks are dropped.
    /// </summary>
    public static string Fold(string word)
    {
        var folded = new StringBuilder(word.Length);
        foreach (var c in word)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark)
            {
                continue;
            }
            var accented = Accented.IndexOf(c, StringComparison.Ordinal);
            if (accented >= 0)
            {
                folded.Append(Plain[accented]);
                continue;
            }
            folded.Append(c switch
            {
                'ß' => "ss",
                'æ' => "ae",
                'œ' => "oe",
                'ø' => "o",
                'ł' => "l",
                'đ' => "d",
                'ı' => "i",
                _ => c.ToString(),
            });
        }
        var result = folded.ToString();
        if (result.Length <= MaxTermLength)
        {
            return result;
        }
        // Never keep half of a surrogate pair.
        return result[..(char.IsHighSurrogate(result[MaxTermLength - 1]) ? MaxTermLength - 1 : MaxTermLength)];
    }

    /// <summary>Lower-case letters of Latin-1, Latin Extended-A/B and Latin Extended Additional whose decomposition is an ASCII letter and marks.</summary>
    private const string Accented = "àáâãäåçèéêëìíîïñòóôõöùúûüýÿāăąćĉċčďēĕėęěĝğġģĥĩīĭįĵķĺļľńņňōŏőŕŗřśŝşšţťũūŭůűųŵŷźżžơưǎǐǒǔǖǘǚǜǟǡǧǩǫǭǰǵǹǻȁȃȅȇȉȋȍȏȑȓȕȗșțȟȧȩȫȭȯȱȳḁḃḅḇḉḋḍḏḑḓḕḗḙḛḝḟḡḣḥḧḩḫḭḯḱḳḵḷḹḻḽḿṁṃṅṇṉṋṍṏṑṓṕṗṙṛṝṟṡṣṥṧṩṫṭṯṱṳṵṷṹṻṽṿẁẃẅẇẉẋẍẏẑẓẕẖẗẘẙạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ";

    /// <summary>The ASCII letter of each of <see cref="Accented"/>, at the same index.</summary>
    private const string Plain = "aaaaaaceeeeiiiinooooouuuuyyaaaccccdeeeeegggghiiiijklllnnnooorrrssssttuuuuuuwyzzzouaiouuuuuaagkoojgnaaaeeiioorruusthaeooooyabbbcdddddeeeeefghhhhhiikkkllllmmmnnnnoooopprrrrsssssttttuuuuuvvwwwwwxxyzzzhtwyaaaaaaaaaaaaeeeeeeeeiioooooooooooouuuuuuuyyyy";

    private static bool IsCombiningMark(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
}
