using System.CommandLine;
using Needle.Core.Git;
using Needle.Core.Gates;
using Needle.Core.Ledger;
using Needle.Reporting.StudyReports;
using Needle.Search.Study;

namespace Needle.Cli.Verbs;

/// <summary>
/// <c>needle report --study S [--out DIR] [--format html|md] [--ledger FILE]</c>: the study report people look at —
/// DIR/index.html (self-contained), DIR/report.md and the SVG charts (docs/reports.md). With <c>--format md</c> the
/// Markdown also goes to stdout. Exit 0 on success, 2 on bad input (unknown file, study, gate; unreadable ledger).
/// </summary>
internal static class StudyReportCommand
{
    /// <summary>Adds the options and the action to the <c>report</c> command itself (its subcommands keep theirs).</summary>
    public static void Attach(Command report)
    {
        var study = new Option<string>("--study") { Description = "Study: a SQLite file, or postgresql://user@host:port/db?study=NAME (password from PGPASSWORD or ~/.pgpass)." };
        var name = new Option<string?>("--name") { Description = "Study name (needed when the file holds several)." };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Folder for index.html, report.md and the SVGs (default: <study file name>-report beside the study file; for a database, <db>-<study>-report in the working directory)." };
        var format = new Option<string>("--format")
        {
            Description = "html: write the folder and print where it is; md: also print the Markdown report to stdout.",
            DefaultValueFactory = _ => "html",
        }.OneOf("html", "md");
        var ledger = new Option<FileInfo?>("--ledger") { Description = "Seed-results ledger whose victory-gate verdict the report shows (else: \"no ledger rows\")." };
        var gate = new Option<string>("--gate") { Description = "Gate to evaluate the ledger against (as named in gates.json).", DefaultValueFactory = _ => "gate-final" };
        var gates = LedgerVerb.GatesOption();
        var repo = LedgerVerb.RepoOption();
        var minStep = new Option<long>("--min-step")
        {
            Description = $"Leaderboard rows need step ≥ this (default: the gate's minimum, {Leaderboard.GateMinimumStep}).",
            DefaultValueFactory = _ => Leaderboard.GateMinimumStep,
        };
        var json = new Option<bool>("--json") { Description = "Machine-readable result as the last stdout line." };
        foreach (var o in new Option[] { study, name, output, format, ledger, gate, gates, repo, minStep, json }) report.Options.Add(o);

        report.SetAction((parse, _) => RaceStudyFile.Guard(() =>
        {
            var studyText = parse.GetValue(study)
                ?? throw new CliInputException("--study FILE is required (or a postgresql:// URL): `needle report --study race.db [--out DIR]` (or `needle report leaderboard --study race.db`).");
            var (storage, location) = RaceStudyFile.OpenExisting(studyText);
            using var opened = storage;
            var record = RaceStudyFile.Pick(storage, location, parse.GetValue(name));
            var ledgerFile = parse.GetValue(ledger);
            var verdict = ledgerFile is null ? GateSection.NoLedger : Gate(ledgerFile, parse.GetValue(gate)!, parse.GetValue(gates), parse.GetValue(repo));
            // A file as the user wrote it; a database as postgresql://user@host:port/db?study=NAME (never a password).
            var shownStudy = location.Backend == StudyBackend.Sqlite ? studyText : location.WithStudy(record.Name).Display;
            var report = StudyReportReader.Read(storage, record, shownStudy, verdict, parse.GetValue(minStep));
            var folder = parse.GetValue(output)?.FullName
                         ?? (location.Backend == StudyBackend.Sqlite
                             ? Path.Combine(Path.GetDirectoryName(location.FilePath) ?? ".", Path.GetFileNameWithoutExtension(location.FilePath) + "-report")
                             : Path.GetFullPath($"{location.Database}-{record.Name}-report"));
            var command = "needle report --study " + shownStudy + (ledgerFile is null ? "" : " --ledger " + ledgerFile);
            var files = StudyReportWriter.Write(report, folder, command);
            if (parse.GetValue(format) == "md") CliConsole.Out.Write(File.ReadAllText(Path.Combine(folder, StudyReportWriter.MarkdownFile)));
            CliConsole.Out.WriteLine($"report: {Path.Combine(folder, StudyReportWriter.HtmlFile)} (also {StudyReportWriter.MarkdownFile} and {files.Count(f => f.EndsWith(".svg", StringComparison.Ordinal))} SVG files there)");
            if (parse.GetValue(json))
                JsonLine.Write(new
                {
                    Study = record.Name, Out = folder, Html = Path.Combine(folder, StudyReportWriter.HtmlFile),
                    Markdown = Path.Combine(folder, StudyReportWriter.MarkdownFile), Files = files, Trials = report.Trials.Count,
                    LeaderboardRows = report.Leaderboard.Rows.Count, Gate = verdict.Summary,
                });
            return Task.FromResult(ExitCodes.Ok);
        }));
    }

    private static GateSection Gate(FileInfo ledger, string gateName, FileInfo? gates, DirectoryInfo? repo)
    {
        if (!ledger.Exists) throw new CliInputException($"{ledger.FullName}: ledger not found (--ledger); the seed-results ledger is assertions/seed_results.jsonl");
        var context = LedgerVerb.Resolve(gates, repo, ledger.FullName)
                      ?? throw new CliInputException($"--ledger {ledger}: no gates file to judge it with (the error above says why); pass --gates FILE");
        try
        {
            // The same evaluation as `needle ledger check FILE --gate NAME` with its defaults (the pre-registered arms).
            var definition = context.Book.Find(gateName);
            var document = LedgerReader.Read(ledger.FullName);
            var shown = ledger.ToString();
            document = document with { File = shown, Errors = document.Errors.Select(e => e with { File = shown }).ToList() };
            var result = LedgerCheck.Evaluate(document, context.Book, context.Plan, definition, context.Commits,
                new VictoryOptions(null, null, TimeProvider.System));
            return GateSection.From(result, context.Book);
        }
        catch (Exception e) when (e is GateBookException or LedgerIoException or CommitCheckException or ArgumentException)
        {
            throw new CliInputException($"--ledger {ledger}: {e.Message}");
        }
    }
}
