namespace MyVid.Catalog.Search;

/// <summary>Ranked full-text search over public videos' title, description, speakers and tags.</summary>
internal interface IVideoSearch
{
    Task<IReadOnlyList<VideoSummaryRow>> SearchAsync(SearchTerms terms, int offset, int limit, CancellationToken cancellationToken);
}
