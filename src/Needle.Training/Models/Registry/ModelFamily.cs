using Needle.Training.Kernels;

namespace Needle.Training.Models.Registry;

/// <summary>Builds a family's model: (config, largest batch, seed, worker pool).</summary>
public delegate ILanguageModel ModelFactoryMethod(ModelConfig config, int maxBatch, ulong seed, WorkerPool pool);

/// <summary>
/// One model family: its canon name (what <see cref="ModelConfig.Model"/> holds), the other spellings it answers to,
/// the settings it reads, and how to build it. A setting the family does not read is refused — never silently ignored.
/// </summary>
public sealed record ModelFamily(string Name, IReadOnlyList<string> Aliases, IReadOnlyList<ModelOption> Reads, ModelFactoryMethod Create)
{
    /// <summary>True when the family reads <paramref name="option"/>.</summary>
    public bool ReadsOption(ModelOption option) => Reads.Contains(option);

    /// <summary>True when <paramref name="name"/> is this family's name or an alias (case-insensitive).</summary>
    public bool Answers(string name) =>
        string.Equals(Name, name, StringComparison.OrdinalIgnoreCase) || Aliases.Any(a => string.Equals(a, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The error for an option this family does not read (names the option and the family).</summary>
    public ArgumentException NotRead(ModelOption option, string? spelling = null) =>
        new($"{spelling ?? option.Name}: the {Name} family does not read this setting (it reads {string.Join(", ", Reads)})");

    /// <summary>
    /// Throws <see cref="ModelConfigException"/> naming the property for the first setting <paramref name="config"/>
    /// changes that this family does not read (or reads only together with another).
    /// </summary>
    public void RefuseUnread(ModelConfig config)
    {
        foreach (var option in ModelOptions.All)
        {
            if (!option.IsSetIn(config)) continue;
            if (!ReadsOption(option))
                throw new ModelConfigException(option.Property, $"the {Name} family does not read this setting ({option.Name}); leave it at its default (it reads {string.Join(", ", Reads)})");
            if (option.OnlyWith is { } needed && !needed.IsSetIn(config))
                throw new ModelConfigException(option.Property, $"the {Name} family reads this setting ({option.Name}) only with {needed.Property} ({needed.Name}) changed");
        }
    }

    public override string ToString() => Name;
}
