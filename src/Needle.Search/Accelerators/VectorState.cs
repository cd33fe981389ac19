namespace Needle.Search.Accelerators;

/// <summary>
/// An accelerator's state in a search: on or off, and why (its falsifier's verdict, with the measured figures). The
/// compound strategy and the live race read one of these per vector and store it in the study, so a report can say
/// which vectors were on and why any was disabled.
/// </summary>
/// <param name="Vector">"V3", "V5", "V6" …</param>
/// <param name="Enabled">False when the vector's pre-registered condition failed on real data (or it could not be judged).</param>
/// <param name="Reason">One line: the verdict and the figures it rests on, or why there is none.</param>
public sealed record VectorState(string Vector, bool Enabled, string Reason)
{
    public static VectorState On(string vector, string reason) => new(vector, true, reason);

    public static VectorState Off(string vector, string reason) => new(vector, false, reason);

    public override string ToString() => $"{Vector} {(Enabled ? "enabled" : "disabled")}: {Reason}";
}
