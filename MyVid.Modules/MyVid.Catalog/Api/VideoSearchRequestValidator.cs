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
        RuleFor(r => r.Type).Must(t => t is null || VideoLinks.TryParseWireType(t, out _))
            .WithMessage($"must be {VideoLinks.HttpType} or {VideoLinks.WebRtcType}");
        RuleFor(r => r.Type).Null().When(r => !string.IsNullOrWhiteSpace(r.Search))
            .WithMessage("filters the random selection and cannot be combined with Search");
    }
}
