namespace MyVid.Drills;

/// <summary>One request of the load: which operation, when it began and ended (since the run began), how it went.</summary>
public sealed record OperationRecord(string Operation, TimeSpan Start, TimeSpan End, bool Ok, string Outcome)
{
    public TimeSpan Latency => End - Start;
}

/// <summary>What a call answered: success, and a short description (status and problem title, or the exception).</summary>
public readonly record struct Outcome(bool Ok, string Detail)
{
    public static Outcome Success(int status) => new(true, status.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static Outcome Failure(string detail) => new(false, detail);
}
