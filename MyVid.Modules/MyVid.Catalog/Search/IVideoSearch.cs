namespace MyVid.Catalog.Search;

/// <summary>
/// Full-text search over public videos' title, description, speakers and tags; every word required, as a prefix.
/// Bounded (<see cref="TieredSearch"/>): three tiers of at most <see cref="CatalogOptions.SearchCandidates"/>
/// candidates each, read in the index's own order (cheap, so a word in half the catalogue costs about what a rare
/// one does): title matches, then whole-word matches anywhere, then prefix matches anywhere. Each tier is ranked by
/// shorter title, then RandomKey. When a tier has more matches than the bound, it lists a sample of them rather
/// than the best of all, and the list ends after at most three times the bound. Both databases rank alike.
/// </summary>
internal interface IVideoSearch
{
    Task<IReadOnlyList<VideoSummaryRow>> SearchAsync(SearchTerms terms, int offset, int limit, CancellationToken cancellationToken);
}
