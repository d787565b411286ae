using FluentValidation;
using Microsoft.Extensions.Options;
using MyVid.Upload.Naming;

namespace MyVid.Upload.Api;

internal sealed class NewVideoUploadValidator : AbstractValidator<NewVideoUploadRequest>
{
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 5000;

    // Conditions apply to the rule before them only (ApplyConditionTo.CurrentValidator): by default a When also
    // switches off the NotEmpty before it, and a missing title would pass.
    public NewVideoUploadValidator(IOptions<UploadOptions> options)
    {
        var o = options.Value;
        RuleFor(r => r.Title).NotEmpty().WithMessage("title is required.")
            .Must(t => t!.Trim().Length > 0).When(r => !string.IsNullOrEmpty(r.Title), ApplyConditionTo.CurrentValidator)
            .WithMessage("title must not be blank.")
            .MaximumLength(MaxTitleLength).WithMessage($"title must be at most {MaxTitleLength} characters.");
        RuleFor(r => r.Description).MaximumLength(MaxDescriptionLength)
            .WithMessage($"description must be at most {MaxDescriptionLength} characters.");
        RuleFor(r => r.VideoFilename).NotEmpty().WithMessage("VideoFilename is required.")
            .Must(n => UploadFileName.Problem(n!, UploadFileName.VideoExtensions) is null)
            .When(r => !string.IsNullOrEmpty(r.VideoFilename), ApplyConditionTo.CurrentValidator)
            .WithMessage(r => $"VideoFilename {UploadFileName.Problem(r.VideoFilename!, UploadFileName.VideoExtensions)}.");
        RuleFor(r => r.PreviewFilename)
            .Must(n => UploadFileName.Problem(n!, UploadFileName.ImageExtensions) is null).When(r => r.PreviewFilename is not null)
            .WithMessage(r => $"PreviewFilename {UploadFileName.Problem(r.PreviewFilename!, UploadFileName.ImageExtensions)}.");
        RuleFor(r => r.VideoSize).InclusiveBetween(1, o.MaxVideoBytes)
            .WithMessage($"VideoSize must be between 1 and {o.MaxVideoBytes} bytes.");
        RuleFor(r => r.PreviewSize).InclusiveBetween(1, o.MaxPreviewBytes)
            .WithMessage($"PreviewSize must be between 1 and {o.MaxPreviewBytes} bytes.");
        RuleFor(r => r.PreviewSize).Null().When(r => r.PreviewFilename is null)
            .WithMessage("PreviewSize is given without a PreviewFilename.");
    }
}
