using Needle.Training.Models.Registry;

namespace Needle.Training.Run;

/// <summary>
/// One setting of a training run, as <c>needle train</c> spells it without the dashes (<c>d-model</c>; a race
/// trial's key is the same name with '_' for '-', <c>d_model</c>). <see cref="Apply"/> reads the setting's text
/// (invariant culture) into a <see cref="TrainConfig"/>; what is not given keeps <see cref="TrainConfig.Defaults"/>.
/// </summary>
/// <param name="Name">The setting's name, e.g. <c>lr</c>.</param>
/// <param name="Apply">The config with this setting set to the text; a text that does not parse throws
/// <see cref="ArgumentException"/> saying what was expected (the caller names the setting).</param>
/// <param name="Architecture">The architecture setting of <see cref="ModelFamilies"/> this is, when it is one (a family
/// that does not read it refuses it); null for a setting of the run (batch, lr, schedule, …).</param>
public sealed record TrainSetting(string Name, Func<TrainConfig, string, TrainConfig> Apply, ModelOption? Architecture = null)
{
    /// <summary>The spelling of a race trial's config key, e.g. <c>d_model</c>.</summary>
    public string TrialKey => Name.Replace('-', '_');

    /// <summary>True when <paramref name="spelling"/> names this setting (<c>--d-model</c>, <c>d-model</c> or <c>d_model</c>, any case).</summary>
    public bool Answers(string spelling) =>
        string.Equals(Name, spelling.TrimStart('-').Replace('_', '-'), StringComparison.OrdinalIgnoreCase);

    public override string ToString() => Name;
}
