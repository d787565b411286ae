using FluentValidation;
using MyVid.Platform.Ids;

namespace MyVid.Upload.Api;

internal sealed class UploadTokenRequestValidator : AbstractValidator<UploadTokenRequest>
{
    public UploadTokenRequestValidator()
    {
        RuleFor(r => r.Id).NotEmpty().WithMessage("ID is required.")
            .Must(ShortId.IsWellFormed).When(r => !string.IsNullOrEmpty(r.Id), ApplyConditionTo.CurrentValidator).WithMessage("ID is not a video id.");
        RuleFor(r => r.Token).NotEmpty().WithMessage("Token is required: the one NEWVIDEOUPLOAD answered.")
            .MaximumLength(100).WithMessage("Token is not an upload token.");
    }
}
