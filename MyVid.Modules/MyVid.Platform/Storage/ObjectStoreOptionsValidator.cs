using FluentValidation;

namespace MyVid.Platform.Storage;

public sealed class ObjectStoreOptionsValidator : AbstractValidator<ObjectStoreOptions>
{
    private const string BucketPattern = "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$";

    public ObjectStoreOptionsValidator()
    {
        RuleFor(o => o.Provider).IsInEnum();
        RuleFor(o => o.PreviewsBucket).Matches(BucketPattern).WithMessage("must be a valid S3 bucket name");
        RuleFor(o => o.VideosBucket).Matches(BucketPattern).WithMessage("must be a valid S3 bucket name")
            .NotEqual(o => o.PreviewsBucket).WithMessage("previews and videos live in separate buckets");
        RuleFor(o => o.UrlLifetime).InclusiveBetween(TimeSpan.FromMinutes(1), TimeSpan.FromDays(7))
            .WithMessage("must be between 00:01:00 and 7.00:00:00 (S3 signs for at most 7 days)");
        RuleFor(o => o.Local.Root).NotEmpty();
        RuleFor(o => o.Local.MaxObjectBytes).GreaterThan(0);
        When(o => o.Provider == ObjectStoreProvider.S3, () =>
        {
            RuleFor(o => o.S3.AccessKey).NotEmpty().WithMessage("is required when Provider is S3");
            RuleFor(o => o.S3.SecretKey).NotEmpty().WithMessage("is required when Provider is S3");
            RuleFor(o => o.S3.ServiceUrl).Must(BeAbsoluteHttpUrl!).When(o => !string.IsNullOrEmpty(o.S3.ServiceUrl))
                .WithMessage("must be an absolute http(s) URL");
            RuleFor(o => o.S3.PublicServiceUrl).Must(BeAbsoluteHttpUrl!).When(o => !string.IsNullOrEmpty(o.S3.PublicServiceUrl))
                .WithMessage("must be an absolute http(s) URL");
            RuleFor(o => o.S3.Timeout).InclusiveBetween(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        });
    }

    private static bool BeAbsoluteHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
