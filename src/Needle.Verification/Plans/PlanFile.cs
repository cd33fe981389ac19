using System.Text.Json.Serialization;

namespace Needle.Search.Plans;

/// <summary>
/// One phase of the execution plan as written in <c>plans/NAME.json</c> (snake_case keys). Every field is declared
/// in the file: names, seeds, experiment ids, tags, families, formats, widths, steps, rung actions and the scales to
/// which the phase can be shrunk. <see cref="PlanLoader"/> reads and validates it; nothing here has a hidden default
/// except where a comment says so.
/// </summary>
public sealed record PlanFile
{
    /// <summary>Short name, the file's stem (<c>gate0</c>, <c>seed-hunt</c>, …); also the study's name.</summary>
    [JsonPropertyName("name")] public required string Name { get; init; }

    /// <summary>0 = GATE-0, 1 = seed hunt, 2–4 = the later phases; a phase ≥ 2 needs a GREEN GATE-0 smoke race.</summary>
    [JsonPropertyName("phase")] public required int Phase { get; init; }

    [JsonPropertyName("title")] public required string Title { get; init; }

    /// <summary>Where the numbers come from, and what Needle chose where the source is silent.</summary>
    [JsonPropertyName("source")] public required string Source { get; init; }

    /// <summary><c>smoke</c> (the GATE-0 race), <c>asha</c> (plain asynchronous successive halving) or <c>hunt</c> (the rung actions).</summary>
    [JsonPropertyName("policy")] public required string Policy { get; init; }

    /// <summary>The rung ladder at scale 1, in steps; the last rung is every run's step count.</summary>
    [JsonPropertyName("ladder")] public required long[] Ladder { get; init; }

    [JsonPropertyName("eta")] public required int Eta { get; init; }

    /// <summary>Report cadence at scale 1 (each scale declares its own).</summary>
    [JsonPropertyName("report_every")] public required int ReportEvery { get; init; }

    [JsonPropertyName("master_seed")] public required ulong MasterSeed { get; init; }

    /// <summary>Live divergence check every this many reports (null: none).</summary>
    [JsonPropertyName("hunt_every_reports")] public int? HuntEveryReports { get; init; }

    /// <summary>The gate of gates.json the phase is judged by (null: none).</summary>
    [JsonPropertyName("gate")] public string? Gate { get; init; }

    /// <summary>The config every run starts from (trial config keys → invariant-culture text).</summary>
    [JsonPropertyName("base")] public required Dictionary<string, string> Base { get; init; }

    /// <summary>Named scales; <c>plan</c> (scale 1: as written) is always available and may not be redefined.</summary>
    [JsonPropertyName("scales")] public required Dictionary<string, PlanScale> Scales { get; init; }

    [JsonPropertyName("default_scale")] public required string DefaultScale { get; init; }

    /// <summary>The scale the end-to-end test runs (seconds).</summary>
    [JsonPropertyName("smallest_scale")] public required string SmallestScale { get; init; }

    [JsonPropertyName("groups")] public required PlanGroup[] Groups { get; init; }

    /// <summary>The hunt policy's action at each rung (policy <c>hunt</c> only; one per rung).</summary>
    [JsonPropertyName("rung_actions")] public PlanRungAction[]? RungActions { get; init; }

    /// <summary>Named subsets of the runs (canon names at scale 1), e.g. the plan's minimum set.</summary>
    [JsonPropertyName("subsets")] public Dictionary<string, string[]>? Subsets { get; init; }
}

/// <summary>A group of runs that differ only in their seed: one experiment (one configuration, one experiment id).</summary>
public sealed record PlanGroup
{
    /// <summary>The model in the canon name (HYBRID, JEPA-T, NCA, …).</summary>
    [JsonPropertyName("canon_model")] public required string CanonModel { get; init; }

    [JsonPropertyName("format")] public required string Format { get; init; }

    /// <summary>The canon tag (e.g. <c>WSD-SMOKE</c>); null for none.</summary>
    [JsonPropertyName("tag")] public string? Tag { get; init; }

    [JsonPropertyName("seeds")] public required uint[] Seeds { get; init; }

    /// <summary>
    /// The group's experiment id, shared by its seeds (null: names without ids). One id per configuration, because the
    /// victory gate's claim is the name minus its seed: a claim needs its 3 seeds under one name.
    /// </summary>
    [JsonPropertyName("experiment_id")] public int? ExperimentId { get; init; }

    /// <summary>Keys overriding the base config for this group.</summary>
    [JsonPropertyName("config")] public Dictionary<string, string>? Config { get; init; }

    /// <summary>Declared to diverge (a canary: lr far too high); excluded from "every run learned", expected to be killed.</summary>
    [JsonPropertyName("diverging")] public bool Diverging { get; init; }
}

/// <summary>How a phase is shrunk to this machine: steps and widths divided by stated factors.</summary>
public sealed record PlanScale
{
    [JsonPropertyName("steps_divisor")] public required int StepsDivisor { get; init; }

    /// <summary>Divides the <c>hidden</c> width of every run.</summary>
    [JsonPropertyName("width_divisor")] public required int WidthDivisor { get; init; }

    [JsonPropertyName("report_every")] public required int ReportEvery { get; init; }

    [JsonPropertyName("parallelism")] public required int Parallelism { get; init; }

    /// <summary>Keys replacing the base config at this scale (the backbone shrunk with it), stated in every report.</summary>
    [JsonPropertyName("overrides")] public Dictionary<string, string>? Overrides { get; init; }

    [JsonPropertyName("why")] public required string Why { get; init; }

    /// <summary>Scale 1: the plan as written.</summary>
    public static PlanScale AsWritten(int reportEvery) => new()
    {
        StepsDivisor = 1, WidthDivisor = 1, ReportEvery = reportEvery, Parallelism = 2, Why = "the plan as written (scale 1)",
    };
}

/// <summary>The hunt's action at one rung.</summary>
public sealed record PlanRungAction
{
    /// <summary>The rung (scale-1 step) it applies at.</summary>
    [JsonPropertyName("rung")] public required long Rung { get; init; }

    /// <summary>One of <see cref="RungActionKind"/>'s names in snake_case.</summary>
    [JsonPropertyName("action")] public required string Action { get; init; }

    /// <summary>How many to keep / mirror, where the action takes a number.</summary>
    [JsonPropertyName("count")] public int? Count { get; init; }
}
