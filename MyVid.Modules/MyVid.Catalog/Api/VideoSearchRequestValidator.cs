using FluentValidation;
using Microsoft.Extensions.Options;

namespace MyVid.Catalog.Api;

internal sealed class VideoSearchRequestValidator : AbstractValidator<VideoSearchRequest>
{
    public const int MaxSearchLength = 200;

    public VideoSearchRequestValidator(IOptions<CatalogOptions> options)
    {
        RuleFor(r => r.Search).MaximumLength(MaxSearchLength);
        RuleFor(r => r.Page).InclusiveBetween(1, 10_000);
        RuleFor(r => r.PageSize).InclusiveBetween(1, options.Value.MaxPageSize);
    }
}
