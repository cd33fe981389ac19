using System.CommandLine;
using System.Text.Json;
using Needle.Training.Formats;

namespace Needle.Cli.Verbs;

/// <summary>
/// <c>needle format encode|decode|list</c>: the number-format codecs on the command line, so a code can be checked by
/// hand. Exit codes: 0 success, 2 a bad argument or an unknown --format/--overflow (named in the message).
/// </summary>
public sealed class FormatVerb : ICliVerb
{
    public Command Build()
    {
        var command = new Command("format", "Encode decimal values to, or decode hex codes from, a number format " +
            $"({string.Join(", ", NumberFormats.Names)}).");
        command.Subcommands.Add(BuildEncode());
        command.Subcommands.Add(BuildDecode());
        command.Subcommands.Add(BuildList());
        return command;
    }

    private static Command BuildList()
    {
        var json = new Option<bool>("--json") { Description = "Print only a JSON array of the formats as the last line." };
        var command = new Command("list", "List the formats: layout, bias, rounding, range and overflow.") { json };
        command.SetAction(parse =>
        {
            var rows = NumberFormats.Formats.Append(NumberFormats.Fp8E4M3NonSaturating).Select(Describe).ToList();
            if (parse.GetValue(json))
            {
                CliConsole.Out.WriteLine(JsonLine.Text(rows));
                return ExitCodes.Ok;
            }
            CliConsole.Out.WriteLine($"{"name",-8} {"bits",4} {"s:e:m",-7} {"bias",4} {"rounding",-12} {"subnormals",-10} {"smallest",-14} {"largest",-14} overflow");
            foreach (var r in rows)
                CliConsole.Out.WriteLine($"{r.Name,-8} {r.Bits,4} {r.Layout,-7} {r.Bias,4} {r.Rounding,-12} {r.Subnormals,-10} {r.Smallest,-14} {r.Largest,-14} {r.Overflow}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static FormatDescription Describe(INumberFormat f) => f switch
    {
        MiniFloatCodec c => new FormatDescription(
            c.Name, c.BitWidth, $"1:{c.Spec.ExponentBits}:{c.Spec.MantissaBits}", c.Spec.Bias,
            c.Spec.Rounding == Rounding.NearestEven ? "nearest-even" : "toward-zero",
            c.Spec.Subnormals ? "yes" : "no",
            FormatArguments.FormatValue(c.SmallestPositive), FormatArguments.FormatValue(c.MaxFinite),
            c.Spec.Overflow switch
            {
                OverflowPolicy.Saturate when c.Name == NumberFormats.Fp8E4M3Name => "saturate (default)",
                OverflowPolicy.Saturate => "saturate",
                OverflowPolicy.ToNaN => "nan (--overflow nan)",
                _ => c.Spec.HasInfinity ? "inf" : "nan/inf-symbol",
            }),
        _ => new FormatDescription(f.Name, 32, "1:8:23", 127, "identity", "yes",
            FormatArguments.FormatValue(float.Epsilon), FormatArguments.FormatValue(float.MaxValue), "inf"),
    };

    private static Command BuildEncode() => BuildCodec(
        "encode", "Print one hex code per VALUE.",
        new Argument<string[]>("VALUE")
        {
            Description = "Decimal values (read as binary32 first), or nan, inf, -inf. Negative values may be written directly (-1.5, -inf).",
            Arity = ArgumentArity.OneOrMore,
        },
        (f, text, position) => f.Encode(FormatArguments.ParseValue(text, position)), printCodes: true);

    private static Command BuildDecode() => BuildCodec(
        "decode", "Print one value per HEX code (nan, inf, -inf spelled so).",
        new Argument<string[]>("HEX")
        {
            Description = "Codes in hex, optional 0x prefix, at most BitWidth/4 digits.",
            Arity = ArgumentArity.OneOrMore,
        },
        (f, text, position) => FormatArguments.ParseCode(text, position, f), printCodes: false);

    // encode and decode differ only in how an input becomes a code; both print the code and its value.
    private static Command BuildCodec(string name, string description, Argument<string[]> inputs, Func<INumberFormat, string, int, uint> toCode, bool printCodes)
    {
        var format = new Option<string>("--format") { Description = "The number format." }.OneOf(NumberFormats.Names);
        var overflow = new Option<string>("--overflow")
        {
            Description = "FP8E4M3 only: saturate (default; overflow and ±inf clamp to ±448) or nan (they become NaN).",
        }.OneOf("saturate", "nan");
        var json = new Option<bool>("--json") { Description = "Print only a JSON object (format, and per input: input, code, value) as the last line." };
        var command = new Command(name, description) { format, overflow, json, inputs };
        command.SetAction(parse => Run(parse.GetValue(json), () =>
        {
            var f = FormatArguments.ResolveFormat(parse.GetValue(format), parse.GetValue(overflow));
            var rows = (parse.GetValue(inputs) ?? []).Select((text, i) =>
            {
                var code = toCode(f, text, i + 1);
                return new Row(text, FormatArguments.FormatCode(code, f), FormatArguments.FormatValue(f.Decode(code)));
            }).ToList();
            return new Output(f, rows, printCodes);
        }));
        return command;
    }

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
                CliConsole.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    ok = true,
                    format = format.Name,
                    overflow,
                    results = rows.Select(r => new { input = r.Input, code = r.Code, value = r.Value }),
                }));
            }
            else
            {
                foreach (var row in rows) CliConsole.Out.WriteLine(printCodes ? row.Code : row.Value);
            }
            return ExitCodes.Ok;
        }
        catch (FormatArgumentException e)
        {
            CliConsole.Error.WriteLine($"error: {e.Message}");
            if (json) CliConsole.Out.WriteLine(JsonSerializer.Serialize(new { ok = false, error = e.Message }));
            return ExitCodes.BadInput;
        }
    }

    private sealed record Row(string Input, string Code, string Value);

    private sealed record FormatDescription(
        string Name, int Bits, string Layout, int Bias, string Rounding, string Subnormals, string Smallest,
        string Largest, string Overflow);

    private sealed record Output(INumberFormat Format, List<Row> Rows, bool PrintCodes);
}
