using System.CommandLine;

namespace Needle.Cli;

/// <summary>
/// A typed choice: an option whose value must be one of a fixed list. <c>--help</c> shows the list
/// (<c>--schedule &lt;constant|cosine|wsd&gt;</c>), the shell completes it, and a bad value is a parse error — exit
/// <see cref="ExitCodes.BadInput"/> — that names the option, the value and the allowed values. Letter case is not
/// significant (the verbs read <c>SP</c> as <c>sp</c>).
/// </summary>
public static class CliChoice
{
    /// <summary>Restricts <paramref name="option"/> to one of <paramref name="values"/>.</summary>
    public static Option<string> OneOf(this Option<string> option, params string[] values)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.HelpName = string.Join('|', values);
        option.CompletionSources.Add(values);
        option.Validators.Add(result =>
        {
            var given = result.GetValueOrDefault<string>();
            if (given is null) return;
            if (!values.Contains(given, StringComparer.OrdinalIgnoreCase))
                result.AddError($"{option.Name}: '{given}' is not one of {string.Join(", ", values)}.");
        });
        return option;
    }
}
