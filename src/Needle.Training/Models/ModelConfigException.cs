namespace Needle.Training.Models;

/// <summary>
/// A <see cref="ModelConfig"/> that cannot describe a model, naming the property (<c>DModel</c>, <c>Ngram.K</c>) and
/// the problem. The message is "<see cref="Property"/>: <see cref="Problem"/>"; a front end that knows the user's
/// spelling of the property (<c>--d-model</c>, a trial's <c>d_model</c>) re-words it with <see cref="Problem"/>.
/// </summary>
public sealed class ModelConfigException : ArgumentException
{
    public ModelConfigException(string property, string problem) : base($"{property}: {problem}")
    {
        Property = property;
        Problem = problem;
    }

    public ModelConfigException()
    {
        Property = Problem = "";
    }

    public ModelConfigException(string message, Exception innerException) : base(message, innerException)
    {
        Property = Problem = "";
    }

    /// <summary>The property's path on <see cref="ModelConfig"/>: <c>DModel</c>, <c>Jepa.MaskRatio</c>.</summary>
    public string Property { get; }

    /// <summary>What is wrong with it and what it must be.</summary>
    public string Problem { get; }

    /// <summary>Throws when <paramref name="ok"/> is false: "<paramref name="property"/>: <paramref name="value"/> <paramref name="rule"/>".</summary>
    internal static void Require(bool ok, string property, object value, string rule)
    {
        if (!ok) throw new ModelConfigException(property, $"{value} {rule}");
    }
}
