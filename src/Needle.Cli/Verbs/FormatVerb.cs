using System.CommandLine;
using System.Text.Json;
using Needle.Training.Formats;

namespace Needle.Cli.Verbs;

/// <summary>
/// <c>needle format encode|decode</c>: the number-format codecs on the command line, so a code can be checked by
/// hand. Exit codes: 0 success, 2 a bad argument (named in the message), 1 a command-line syntax error.
/// </summary>
public sealed class FormatVerb : ICliVerb
{
    private const int BadArgument = 2;

    public Command Build()
    {
        var command = new Command("format", "Encode decimal values to, or decode hex codes from, a number format " +
            $"({string.Join(", ", NumberFormats.Names)}).");
        command.Subcommands.Add(BuildEncode());
        command.Subcommands.Add(BuildDecode());
        return command;
    }

    private static Command BuildEncode()
    {
        var (format, overflow, json) = CommonOptions();
        var values = new Argument<string[]>("VALUE")
        {
            Description = "Decimal values (read as binary32 first), or nan, inf, -inf. Negative values may be written directly (-1.5, -inf).",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("encode", "Print one hex code per VALUE.") { format, overflow, json, values };
        command.SetAction(parse => Run(parse.GetValue(json), () =>
        {
            var f = FormatArguments.ResolveFormat(parse.GetValue(format), parse.GetValue(overflow));
            var inputs = parse.GetValue(values) ?? [];
            var rows = inputs.Select((text, i) =>
            {
                var code = f.Encode(FormatArguments.ParseValue(text, i + 1));
                return new Row(text, FormatArguments.FormatCode(code, f), FormatArguments.FormatValue(f.Decode(code)));
            }).ToList();
            return new Output(f, rows, PrintCodes: true);
        }));
        return command;
    }

    private static Command BuildDecode()
    {
        var (format, overflow, json) = CommonOptions();
        var codes = new Argument<string[]>("HEX")
        {
            Description = "Codes in hex, optional 0x prefix, at most BitWidth/4 digits.",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("decode", "Print one value per HEX code (nan, inf, -inf spelled so).") { format, overflow, json, codes };
        command.SetAction(parse => Run(parse.GetValue(json), () =>
        {
            var f = FormatArguments.ResolveFormat(parse.GetValue(format), parse.GetValue(overflow));
            var inputs = parse.GetValue(codes) ?? [];
            var rows = inputs.Select((text, i) =>
            {
                var code = FormatArguments.ParseCode(text, i + 1, f);
                return new Row(text, FormatArguments.FormatCode(code, f), FormatArguments.FormatValue(f.Decode(code)));
            }).ToList();
            return new Output(f, rows, PrintCodes: false);
        }));
        return command;
    }

    private static (Option<string> Format, Option<string> Overflow, Option<bool> Json) CommonOptions() =>
    (
        new Option<string>("--format") { Description = $"The number format: {string.Join(", ", NumberFormats.Names)}." },
        new Option<string>("--overflow")
        {
            Description = "FP8E4M3 only: saturate (default; overflow and ±inf clamp to ±448) or nan (they become NaN).",
        },
        new Option<bool>("--json") { Description = "Print only a JSON object (format, and per input: input, code, value) as the last line." }
    );

    /// <summary>Runs the work, prints its rows (or the JSON line), and turns bad arguments into exit code 2.</summary>
    private static int Run(bool json, Func<Output> work)
    {
        try
        {
            var (format, rows, printCodes) = work();
            if (json)
            {
                var overflow = format is MiniFloatCodec { Name: NumberFormats.Fp8E4M3Name } c
                    ? c.Spec.Overflow == OverflowPolicy.Saturate ? "saturate" : "nan"
                    : null;
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    ok = true,
                    format = format.Name,
                    overflow,
                    results = rows.Select(r => new { input = r.Input, code = r.Code, value = r.Value }),
                }));
            }
            else
            {
                foreach (var row in rows) Console.WriteLine(printCodes ? row.Code : row.Value);
            }
            return 0;
        }
        catch (FormatArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            if (json) Console.WriteLine(JsonSerializer.Serialize(new { ok = false, error = e.Message }));
            return BadArgument;
        }
    }

    private sealed record Row(string Input, string Code, string Value);

    private sealed record Output(INumberFormat Format, List<Row> Rows, bool PrintCodes);
}
