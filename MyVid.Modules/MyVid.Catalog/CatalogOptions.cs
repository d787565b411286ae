using FluentValidation;

namespace MyVid.Catalog;

/// <summary>Bound from <c>Catalog</c>.</summary>
public sealed class CatalogOptions
{
    public const string Section = "Catalog";

    /// <summary>How many videos a search-less <c>POST /API/VIDEO/</c> answers.</summary>
    public int RandomCount { get; set; } = 24;

    /// <summary>Default and largest page of search results.</summary>
    public int PageSize { get; set; } = 24;

    public int MaxPageSize { get; set; } = 100;

    /// <summary>
    /// The most matches a search ranks per tier (title matches, whole words anywhere, prefixes anywhere): the bound
    /// that keeps a search for a very common word about as cheap as one for a rare word. A search lists at most three
    /// times this many videos.
    /// </summary>
    public int SearchCandidates { get; set; } = 1000;

    /// <summary>
    /// How long a node keeps GET /API/VIDEO/{ID}'s answer for a stored or remote video (0: not at all). A write through
    /// this node is seen at once; one through another node (hide, delete, publish) at most this much later.
    /// </summary>
    public int AnswerCacheSeconds { get; set; } = 2;

    /// <summary>The most memory the kept answers may take (estimated from their text); past it new answers are not kept.</summary>
    public long AnswerCacheBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// How long a node keeps a search's answer (words, page and size; 0: not at all). A write through this node forgets
    /// them all at once; one through another node is seen at most this much later.
    /// </summary>
    public int SearchCacheSeconds { get; set; } = 2;

    /// <summary>The most memory kept search answers may take (estimated from their text); past it new ones are not kept.</summary>
    public long SearchCacheBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>
    /// GET /API/VIDEO/{ID}'s database reads that may run at once on a node (0: no batching, one query per request). A
    /// lookup that finds this many in flight waits for the next one, which reads every waiting id in one statement.
    /// </summary>
    public int GetBatchesInFlight { get; set; } = 2;

    /// <summary>The most ids one batched read asks for; more waiting ids go in the next one.</summary>
    public int GetBatchMaxIds { get; set; } = 64;

    /// <summary>Load the bundled media.ccc.de demo catalogue when a node running every role starts on an empty catalogue.</summary>
    public bool LoadDemoCatalog { get; set; }
}

public sealed class CatalogOptionsValidator : AbstractValidator<CatalogOptions>
{
    public CatalogOptionsValidator()
    {
        RuleFor(o => o.RandomCount).InclusiveBetween(1, 500);
        RuleFor(o => o.MaxPageSize).InclusiveBetween(1, 500);
        RuleFor(o => o.PageSize).InclusiveBetween(1, 500).LessThanOrEqualTo(o => o.MaxPageSize);
        RuleFor(o => o.AnswerCacheSeconds).InclusiveBetween(0, 60);
        RuleFor(o => o.AnswerCacheBytes).InclusiveBetween(1L * 1024 * 1024, 16L * 1024 * 1024 * 1024);
        RuleFor(o => o.SearchCacheSeconds).InclusiveBetween(0, 60);
        RuleFor(o => o.SearchCacheBytes).InclusiveBetween(1L * 1024 * 1024, 16L * 1024 * 1024 * 1024);
        RuleFor(o => o.GetBatchesInFlight).InclusiveBetween(0, 64);
        RuleFor(o => o.GetBatchMaxIds).InclusiveBetween(2, 500);
        RuleFor(o => o.SearchCandidates).InclusiveBetween(1, 1_000_000).GreaterThanOrEqualTo(o => o.MaxPageSize);
    }
}
