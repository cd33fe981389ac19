namespace Needle.Search.Smoke;

/// <summary>
/// How far the GATE-0 smoke race is scaled down from the plan's (7 tags × 3 seeds × 500 steps at the tags' real
/// widths) so that it runs inside the test suite on 2 shared cores. Widths are divided by <see cref="WidthDivisor"/>
/// (h512 → 64, h768 → 96); every run uses the same tiny backbone otherwise.
/// </summary>
public sealed record SmokeScale(
    int Steps, int ReportEvery, int DModel, int Layers, int Heads, int Ctx, int Batch, int EvalWindows, int Parallelism,
    int WidthDivisor = 8)
{
    /// <summary>The plan's step count, for the README and the report.</summary>
    public const int PlanSteps = 500;

    /// <summary>The scale `dotnet test --filter Category=Smoke` and `needle smoke-race` use by default.</summary>
    public static SmokeScale Default { get; } = new(
        Steps: 100, ReportEvery: 10, DModel: 16, Layers: 1, Heads: 2, Ctx: 32, Batch: 4, EvalWindows: 32, Parallelism: 2);

    /// <summary>Reports each run stores: one per multiple of the cadence up to the last step.</summary>
    public int ReportsPerRun => Steps / ReportEvery;

    public string Describe() =>
        $"{Steps} steps (plan: {PlanSteps}), report every {ReportEvery}, d-model {DModel}, {Layers} layer(s), {Heads} heads, " +
        $"ctx {Ctx}, batch {Batch} (BS8: 8), widths ÷{WidthDivisor} (h512 → {512 / WidthDivisor}, h768 → {768 / WidthDivisor}), " +
        $"cadence reports on the study's common validation sample, final report on the whole 100,000-byte split, {Parallelism} at a time";
}
