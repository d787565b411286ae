namespace MyVid.Platform.Http;

/// <summary>The base URL clients reach this node at, for absolute URLs in answers (Appendix A and B give absolute URLs).</summary>
public interface IPublicBaseUrl
{
    Uri Current();
}
