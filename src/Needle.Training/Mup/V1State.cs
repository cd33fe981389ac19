using Needle.Core.Preregistration;
using Needle.Training.Models;

namespace Needle.Training.Mup;

/// <summary>
/// V1's switch for the search: enabled (tune learning rate and init at a proxy width, then transfer) or disabled
/// with the reason the falsifier gave. Read it from the committed evidence (<see cref="FromEvidence"/>) or decide it
/// from a fresh coordinate check on widths {8, 32} (<see cref="FromCoordinateCheck"/>, falsifier mode 2).
/// </summary>
public sealed record V1State(bool Enabled, string Reason, double MaxAbsSlope)
{
    /// <summary>Falsifier mode 2's widths.</summary>
    public static IReadOnlyList<int> FalsifierWidths { get; } = [8, 32];

    /// <summary>Falsifier mode 2: a muP coordinate check across widths {8, 32}; any |slope| &gt; 0.1 disables V1.</summary>
    public static V1State FromCoordinateCheck(CoordinateCheckResult check)
    {
        if (check.Settings.Parametrization != Parametrization.Mup || check.Settings.Bug != PlantedMupBug.None)
            throw new ArgumentException("V1's state is decided by an unplanted muP coordinate check");
        return check.Flat
            ? new V1State(true, $"falsifier mode 2 passed: muP coordinate check across widths {string.Join(",", check.Settings.Widths)}: max |slope| {check.MaxAbsSlope:F3} ≤ {V1MupTransfer.MaxAbsSlope}", check.MaxAbsSlope)
            : new V1State(false, $"falsifier mode 2: muP coordinate check across widths {string.Join(",", check.Settings.Widths)}: |slope| {check.MaxAbsSlope:F3} at {check.WorstSite} > {V1MupTransfer.MaxAbsSlope}; the race tunes at full width", check.MaxAbsSlope);
    }

    /// <summary>
    /// The state recorded in assertions/evidence/V1.json (written by the V1 suite), read through
    /// <see cref="Needle.Core.Vectors.VectorEvidence"/> (the predicate applied to the recorded statistic): enabled iff it
    /// holds and falsifier mode 2 passed (details.v1_enabled); a missing or invalid file is "disabled: no verdict".
    /// </summary>
    public static V1State FromEvidence(string repositoryRoot)
    {
        var state = Needle.Core.Vectors.VectorEvidence.Read(repositoryRoot, "V1");
        if (state.Switch == Needle.Core.Vectors.VectorSwitch.NoVerdict) return new V1State(false, state.Reason, double.NaN);
        var evidence = V1Evidence.Read(Needle.Core.Vectors.VectorEvidence.PathOf(repositoryRoot, "V1"));
        bool holds = state.Switch == Needle.Core.Vectors.VectorSwitch.Enabled;
        return holds && !evidence.Mode2Passed
            ? new V1State(false, $"its evidence holds, but {evidence.Mode2Reason}", evidence.MaxAbsSlope)
            : new V1State(holds, state.Reason, evidence.MaxAbsSlope);
    }
}

/// <summary>
/// What V1 does for the search when enabled: a configuration tuned at a proxy width is carried to the target width.
/// Under muP the learning rate and the init scales transfer as they are (the parametrization makes them width-free);
/// under SP nothing transfers, so it is refused.
/// </summary>
public static class MupTransfer
{
    /// <summary>The proxy's model and lr at <paramref name="targetWidth"/>: same lr, same init scales, same base width.</summary>
    public static (ModelConfig Model, float Lr) ToWidth(ModelConfig proxy, float lr, int targetWidth)
    {
        if (proxy.Parametrization != Parametrization.Mup)
            throw new ArgumentException("parametrization: only a muP configuration's learning rate transfers across width; tune under --parametrization mup or at the target width");
        if (targetWidth <= 0) throw new ArgumentOutOfRangeException(nameof(targetWidth), targetWidth, "a width is positive");
        // The base width stays the proxy's, so every muP factor is computed against the same base shapes.
        // An explicit hidden width scales with d_model (muP takes every width dimension to grow together).
        int hidden = proxy.HiddenWidth == 0 ? 0 : checked(proxy.HiddenWidth * targetWidth / proxy.DModel);
        var target = proxy with { DModel = targetWidth, HiddenWidth = hidden, MupBaseWidth = MupScaling.BaseWidth(proxy) };
        target.Validate();
        return (target, lr);
    }
}
