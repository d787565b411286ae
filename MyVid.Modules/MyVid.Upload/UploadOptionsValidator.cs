using FluentValidation;

namespace MyVid.Upload;

public sealed class UploadOptionsValidator : AbstractValidator<UploadOptions>
{
    private const long FiveMiB = 5L * 1024 * 1024;

    public UploadOptionsValidator()
    {
        RuleFor(o => o.MaxVideoBytes).GreaterThan(0);
        RuleFor(o => o.MaxPreviewBytes).GreaterThan(0);
        RuleFor(o => o.PartSize).InclusiveBetween(FiveMiB, 5L * 1024 * 1024 * 1024)
            .WithMessage("must be between 5 MiB and 5 GiB (S3's limits for a part)");
        RuleFor(o => o.MultipartThreshold).GreaterThanOrEqualTo(o => o.PartSize)
            .WithMessage("must be at least PartSize");
        RuleFor(o => o.MaxVideoBytes).LessThanOrEqualTo(o => o.PartSize * 10_000)
            .WithMessage("must fit in 10,000 parts of PartSize (S3's limit)");
        RuleFor(o => o.UrlLifetime).InclusiveBetween(TimeSpan.FromSeconds(1), TimeSpan.FromDays(7))
            .WithMessage("must be between 00:00:01 and 7.00:00:00 (S3 signs for at most 7 days)");
        RuleFor(o => o.Expiry).GreaterThanOrEqualTo(TimeSpan.FromSeconds(1));
        RuleFor(o => o.CleanupInterval).InclusiveBetween(TimeSpan.FromMilliseconds(100), TimeSpan.FromDays(1));
        RuleFor(o => o.Probe.FfprobePath).NotEmpty();
        RuleFor(o => o.Probe.FfmpegPath).NotEmpty();
        RuleFor(o => o.Probe.Timeout).InclusiveBetween(TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        RuleFor(o => o.Probe.QueueCapacity).InclusiveBetween(1, 100_000);
    }
}
