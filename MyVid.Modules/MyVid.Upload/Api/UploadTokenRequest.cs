namespace MyVid.Upload.Api;

/// <summary>
/// The body of <c>POST /API/PUBLISH/</c> (Appendix B step 9, <c>{ID}</c>, plus the upload token) and of
/// <c>POST /NEWVIDEOUPLOAD/PARTS</c>. The token is in the body, not the URL, so it stays out of access logs.
/// </summary>
public sealed class UploadTokenRequest
{
    public string? Id { get; set; }

    public string? Token { get; set; }
}
