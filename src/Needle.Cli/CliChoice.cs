using System.CommandLine;
using System.CommandLine.Parsing;

namespace Needle.Cli;

/// <summary>
/// A typed choice: an option whose value must be one of a fixed list. <c>--help</c> shows the list
/// (<c>--schedule &lt;constant|cosine|wsd&gt;</c>), the shell completes it, and a bad value is a parse error — exit
/// <see cref="ExitCodes.BadInput"/> — that names the option, the value and the allowed values. Letter case is not
/// significant, and the verb receives the list's own spelling (<c>sp</c> for <c>SP</c>, <c>FP32</c> for <c>fp32</c>).
/// </summary>
public static class CliChoice
{
    /// <summary>Restricts <paramref name="option"/> to one of <paramref name="values"/>.</summary>
    public static Option<string> OneOf(this Option<string> option, params IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(option);
        ArgumentNullException.ThrowIfNull(values);
        option.HelpName = string.Join('|', values);
        option.CompletionSources.Add([.. values]);
        option.CustomParser = result => Read(result, option.Name, values, result.Tokens.Count == 0 ? null : result.Tokens[^1].Value);
        return option;
    }

    /// <summary>
    /// Restricts <paramref name="option"/> to a comma-separated list whose every element is one of <paramref name="values"/>
    /// (or, for names built from them such as <c>needle-minus-v4</c>, passes <paramref name="alsoAccepts"/>, kept as written).
    /// </summary>
    public static Option<string> ListOf(this Option<string> option, IReadOnlyList<string> values, Func<string, bool>? alsoAccepts = null)
    {
        ArgumentNullException.ThrowIfNull(option);
        ArgumentNullException.ThrowIfNull(values);
        option.HelpName = string.Join('|', values) + "[,…]";
        option.CompletionSources.Add([.. values]);
        option.CustomParser = result =>
        {
            if (result.Tokens.Count == 0) return null;
            var elements = result.Tokens[^1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (elements.Length == 0)
            {
                result.AddError($"{option.Name}: give at least one of {string.Join(", ", values)} (comma-separated).");
                return null;
            }
            var read = elements.Select(e => alsoAccepts?.Invoke(e) == true ? e : Read(result, option.Name, values, e)).ToList();
            return read.Any(r => r is null) ? null : string.Join(',', read);
        };
        return option;
    }

    private static string? Read(ArgumentResult result, string option, IReadOnlyList<string> values, string? given)
    {
        if (given is null) return null;
        var known = values.FirstOrDefault(v => string.Equals(v, given, StringComparison.OrdinalIgnoreCase));
        if (known is null) result.AddError($"{option}: '{given}' is not one of {string.Join(", ", values)}.");
        return known;
    }
}
