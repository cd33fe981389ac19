namespace Needle.Search.Replay;

/// <summary>The replay's clock: simulated seconds since the start of a repetition, advanced only by the replay.</summary>
public sealed class SimulatedClock : TimeProvider
{
    private static readonly DateTimeOffset Origin = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Simulated seconds elapsed.</summary>
    public double Seconds { get; private set; }

    public override DateTimeOffset GetUtcNow() => Origin.AddSeconds(Seconds);

    /// <summary>Moves the clock to <paramref name="seconds"/> (never backwards).</summary>
    public void AdvanceTo(double seconds)
    {
        if (seconds < Seconds) throw new InvalidOperationException($"the simulated clock cannot go back from {Seconds} s to {seconds} s");
        Seconds = seconds;
    }
}
