namespace MyVid.Platform.Health;

public static class HealthTags
{
    /// <summary>A check without which the node cannot serve; <c>/healthz/ready</c> runs only these.</summary>
    public const string Ready = "ready";
}
