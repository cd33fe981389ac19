namespace Needle.Testing.Snapshots;

/// <summary>
/// When a snapshot may be accepted: with NEEDLE_ACCEPT_SNAPSHOTS=1, and never under CI=true (CI must fail on
/// a changed report, not bless it).
/// </summary>
public sealed record SnapshotSettings(bool AcceptRequested, bool InCi)
{
    public static SnapshotSettings FromEnvironment() => new(
        Environment.GetEnvironmentVariable("NEEDLE_ACCEPT_SNAPSHOTS") == "1",
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase));

    public bool MayAccept => AcceptRequested && !InCi;
}
