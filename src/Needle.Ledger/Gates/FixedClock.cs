namespace Needle.Core.Gates;

/// <summary>A clock that always reads one instant: how witnesses and tests pin "now" for the embargo.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
