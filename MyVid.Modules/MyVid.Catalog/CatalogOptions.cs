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
        RuleFor(o => o.SearchCandidates).InclusiveBetween(1, 1_000_000).GreaterThanOrEqualTo(o => o.MaxPageSize);
    }
}
