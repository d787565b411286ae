namespace MyVid.Catalog.Search;

/// <summary>
/// The paging of bounded search (see <see cref="IVideoSearch"/>), shared by both databases. The result list is the
/// concatenation of tiers, each at most N candidates read in the index's own order and ranked on its own:
/// tier 0, title matches (every word as a prefix); tier 1, matches of every word as a whole word in any column,
/// less tier 0; tier 2, matches of every word as a prefix in any column, less tiers 0 and 1. A tier is only read
/// when the ones before it cannot fill the page, so the common case never reads the large four-column index with
/// prefixes (the one lookup whose cost grows with every word sharing the prefix).
/// </summary>
internal static class TieredSearch
{
    public const int Tiers = 3;

    /// <summary>Reads one tier's page: (tier, offset, limit) → rows.</summary>
    public delegate Task<List<VideoSummaryRow>> PageReader(int tier, int offset, int limit, CancellationToken cancellationToken);

    /// <summary>Counts one tier's rows (public, within the bound).</summary>
    public delegate Task<int> TierCounter(int tier, CancellationToken cancellationToken);

    public static async Task<IReadOnlyList<VideoSummaryRow>> PageAsync(
        int offset, int limit, PageReader read, TierCounter count, CancellationToken cancellationToken)
    {
        var rows = new List<VideoSummaryRow>(limit);
        for (var tier = 0; tier < Tiers && rows.Count < limit; tier++)
        {
            var before = rows.Count;
            rows.AddRange(await read(tier, offset, limit - rows.Count, cancellationToken));
            if (rows.Count == limit || tier == Tiers - 1)
            {
                break;
            }
            // The page runs past this tier: it held offset + (rows it gave), unless the page starts beyond its end.
            var tierRows = rows.Count > before || offset == 0 ? offset + rows.Count - before : await count(tier, cancellationToken);
            offset = Math.Max(0, offset - tierRows);
        }
        return rows;
    }
}
