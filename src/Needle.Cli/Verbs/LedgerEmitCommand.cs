using System.CommandLine;
using System.Text;
using Needle.Core.Git;
using Needle.Core.Gates;
using Needle.Core.Ledger;

namespace Needle.Cli.Verbs;

/// <summary>
/// <c>needle ledger emit FILE --row JSON | --from ROWS.jsonl</c>: stamp each row with this binary's commit (sha)
/// and the time (ts), validate it and append it, one locked write per row; the first data row of a ledger is
/// preceded by its pre-registration seal. Exit 0 all appended; 10 cannot read/write/lock; 11 malformed or
/// duplicate run_id; 12 below the floor without reviewed_by; 13 a row rule broken (sha, config, corpus, band,
/// reproduction, seal, a dirty build). Stops at the first refusal (rows before it stay appended — append-only).
/// </summary>
internal static class LedgerEmitCommand
{
    public static Command Build()
    {
        var file = new Argument<FileInfo>("file") { Description = "The ledger to append to (created if missing)." };
        var row = new Option<string?>("--row") { Description = "One row as a JSON object." };
        var from = new Option<FileInfo?>("--from") { Description = "A JSONL file of rows (header lines skipped); each row is one locked append." };
        var json = new Option<bool>("--json") { Description = "Print a machine-readable result as the last stdout line." };
        var gates = LedgerVerb.GatesOption();
        var repo = LedgerVerb.RepoOption();
        var command = new GateExitCodeCommand("emit",
            "Stamp rows with this build's commit (sha) and the time (ts), validate and append them: exit 0 appended, 10 I/O, " +
            "11 malformed/duplicate run_id, 12 tripwire, 13 row rule (sha, config_sha256, corpus, band, reproduction, seal, dirty build).")
        {
            file, row, from, json, gates, repo,
        };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(row), parse.GetValue(from), parse.GetValue(json),
            parse.GetValue(gates), parse.GetValue(repo)));
        return command;
    }

    private static int Run(FileInfo file, string? rowJson, FileInfo? from, bool json, FileInfo? gates, DirectoryInfo? repo)
    {
        if ((rowJson is null) == (from is null))
            return Finish(json, file, 0, LedgerExitCodes.Usage, "give exactly one of --row JSON or --from FILE");
        var context = LedgerVerb.Resolve(gates, repo, file.FullName);
        if (context is null) return LedgerExitCodes.Usage;

        List<(int Line, string Text)> lines;
        string source;
        if (from is not null)
        {
            source = from.ToString();
            try
            {
                lines = File.ReadAllLines(from.FullName, Encoding.UTF8).Select((t, i) => (i + 1, t)).ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Finish(json, file, 0, LedgerExitCodes.CannotRead, $"cannot read --from {source}: {e.Message}");
            }
        }
        else
        {
            source = "--row";
            lines = [(1, rowJson!)];
        }

        var admission = EmitPolicy.For(context.Book, context.Plan, context.Commits);
        var build = BuildCommit.Current;
        var seal = PreregistrationSeal.HeaderLine(context.Plan);
        var appended = 0;
        foreach (var (line, text) in lines)
        {
            if (LedgerRowParser.IsHeader(text)) continue;
            var (stamped, stampProblems) = EmitStamp.Apply(text, build, TimeProvider.System);
            if (stampProblems.Count > 0)
                return Finish(json, file, appended, LedgerExitCodes.EmitPolicy,
                    string.Join("; ", stampProblems.Select(r => $"{source}:{line}: {r.Field}: {r.Message}")));
            LedgerRow row;
            try
            {
                row = LedgerRowParser.ParseRow(stamped!);
            }
            catch (FormatException e)
            {
                return Finish(json, file, appended, LedgerExitCodes.Malformed, $"{source}:{line}: {e.Message}");
            }
            try
            {
                var at = LedgerWriter.Append(file.FullName, row, admission, sealHeader: seal);
                if (!json)
                    CliConsole.Out.WriteLine($"{file}:{at}: appended {row.RunId} (sha {row.Sha[..12]}, embargoed until " +
                                          $"{LedgerRowSerializer.FormatTimestamp(row.Ts + context.Book.Embargo)})");
                appended++;
            }
            catch (LedgerAppendRefusedException e)
            {
                var why = string.Join("; ", e.Reasons.Select(r => $"{source}:{line}: {r.Field}: {r.Message}"));
                return Finish(json, file, appended, (int)e.Kind, why);
            }
            catch (Exception e) when (e is LedgerIoException or CommitCheckException)
            {
                return Finish(json, file, appended, LedgerExitCodes.CannotRead, e.Message);
            }
        }
        return Finish(json, file, appended, 0, null);
    }

    private static int Finish(bool json, FileInfo file, int appended, int code, string? error)
    {
        if (error is not null)
        {
            CliConsole.Error.WriteLine($"error: {error}");
            CliConsole.Error.WriteLine("what to do: fix the row and emit it again; nothing was written for it.");
        }
        if (json) JsonLine.Write(new { ExitCode = code, File = file.ToString(), Appended = appended, Error = error });
        return code;
    }
}
