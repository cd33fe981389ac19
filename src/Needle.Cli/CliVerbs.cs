using Needle.Cli.Verbs;

namespace Needle.Cli;

/// <summary>
/// Every verb of <c>needle</c>, listed explicitly (in <c>--help</c> order). Adding a verb is one line here; a test
/// fails if a class implementing <see cref="ICliVerb"/> is missing from the list.
/// </summary>
public static class CliVerbs
{
    public static IReadOnlyList<ICliVerb> All { get; } =
    [
        new AuditVerb(),
        new BenchVerb(),
        new CoordCheckVerb(),
        new CurvesVerb(),
        new FalsifyVerb(),
        new FormatVerb(),
        new HistoryVerb(),
        new HuntVerb(),
        new LedgerVerb(),
        new PlanVerb(),
        new ProxiesVerb(),
        new RaceVerb(),
        new ReplayVerb(),
        new ReportVerb(),
        new SmokeRaceVerb(),
        new StudyVerb(),
        new TrainVerb(),
        new VersionVerb(),
    ];
}
