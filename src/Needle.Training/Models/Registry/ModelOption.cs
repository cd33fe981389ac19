namespace Needle.Training.Models.Registry;

/// <summary>
/// One architecture setting of <see cref="ModelConfig"/>, named as <c>needle train</c> spells it without the dashes
/// (a race trial's config key is the same name with '_' for '-'). <see cref="Value"/> reads it from a config, so a
/// family that does not read the setting can refuse any config where it differs from the default.
/// </summary>
/// <param name="Name">The setting's name, e.g. <c>layers</c> (the CLI option is <c>--layers</c>).</param>
/// <param name="Property">Where <see cref="ModelConfig"/> holds it, e.g. <c>Layers</c>, <c>Ngram.K</c> (what its errors name).</param>
/// <param name="Value">The setting's value in a config (compared by <see cref="object.Equals(object?)"/>).</param>
/// <param name="OnlyWith">A setting without which this one is not read (the readout's init scale needs an untied readout).</param>
public sealed record ModelOption(string Name, string Property, Func<ModelConfig, object> Value, ModelOption? OnlyWith = null)
{
    /// <summary>The command-line spelling, e.g. <c>--layers</c>.</summary>
    public string Flag => "--" + Name;

    /// <summary>True when <paramref name="config"/> sets this option away from <see cref="ModelConfig"/>'s default.</summary>
    public bool IsSetIn(ModelConfig config) => !Equals(Value(config), Value(ModelConfig.Defaults));

    public override string ToString() => Name;
}
