namespace Needle.Search.Curves;

/// <summary>A trial's predicted BPB at its study's horizon, or why there is none.</summary>
public abstract record FinalForecast
{
    private FinalForecast() { }

    /// <summary>A prediction with its 95% interval; <paramref name="Basis"/> says what it was calibrated on.</summary>
    public sealed record Predicted(double Value, Interval Interval, string Basis) : FinalForecast;

    /// <summary>No calibrated prediction exists; <paramref name="Reason"/> says why.</summary>
    public sealed record InsufficientEvidence(string Reason) : FinalForecast;
}
