namespace Needle.Core.Vectors;

/// <summary>
/// Whether an accelerator is used. <see cref="Enabled"/> only on a verdict of "holds" recorded on real data;
/// <see cref="Disabled"/> when its pre-registered condition was refuted (or the user switched it off);
/// <see cref="NoVerdict"/> when there is no usable evidence yet (absent or malformed file, or no code for it) —
/// never treated as enabled.
/// </summary>
public enum VectorSwitch { Enabled, Disabled, NoVerdict }

/// <summary>
/// One vector's state, as a study stores it and `hunt status` and the race report show it: the vector ("V1" … "V7"),
/// its switch, the reason in words, and the SHA-256 of the evidence file the state was read from (null without one),
/// so a report says which measurement turned the vector on or off.
/// </summary>
public sealed record VectorState(string Vector, VectorSwitch Switch, string Reason, string? EvidenceSha256)
{
    /// <summary>"enabled", "disabled" or "no verdict" — the words every report uses.</summary>
    public string SwitchText => Text(Switch);

    public static string Text(VectorSwitch s) => s switch
    {
        VectorSwitch.Enabled => "enabled",
        VectorSwitch.Disabled => "disabled",
        _ => "no verdict",
    };

    /// <summary>The switch named by <paramref name="text"/> (as <see cref="Text"/> writes it); throws naming the text.</summary>
    public static VectorSwitch Parse(string text) => text switch
    {
        "enabled" => VectorSwitch.Enabled,
        "disabled" => VectorSwitch.Disabled,
        "no verdict" => VectorSwitch.NoVerdict,
        _ => throw new FormatException($"vector state '{text}' is not one of: enabled, disabled, no verdict"),
    };

    /// <summary>The same vector switched off by a decision made after its evidence (e.g. not requested by --vectors).</summary>
    public VectorState Off(string why) => this with { Switch = VectorSwitch.Disabled, Reason = $"{why} (evidence: {Reason})" };
}
