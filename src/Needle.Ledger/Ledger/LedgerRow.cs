namespace Needle.Core.Ledger;

/// <summary>
/// One data row of the seed-results ledger (assertions/seed_results.jsonl): what ran, where its number came
/// from and what it claims. Every field but <see cref="ReviewedBy"/>, <see cref="Reproduces"/>,
/// <see cref="ConfigJson"/> and <see cref="ConfigSha256"/> is required (the gate and `ledger emit` require the hash); schemas/ledger-row.schema.json states the types and <see cref="LedgerRowParser"/> checks them.
/// </summary>
public sealed record LedgerRow
{
    public required string RunId { get; init; }
    public required DateTimeOffset Ts { get; init; }
    public required string Agent { get; init; }
    /// <summary>The canon run name; its seed must equal <see cref="Seed"/>.</summary>
    public required string Canon { get; init; }
    public required int Seed { get; init; }
    /// <summary>Validation bits per byte; always finite (NaN/Infinity never enter the ledger).</summary>
    public required double Bpb { get; init; }
    public required int Step { get; init; }
    /// <summary>The commit of this repository that produced the number (40 or 64 lowercase hex).</summary>
    public required string Sha { get; init; }
    public required string CorpusSha256 { get; init; }
    public required string Split { get; init; }
    public required string Tag { get; init; }
    public required string GateAction { get; init; }
    /// <summary>Who reviewed a result below the architectural floor; required there (else: tripwire).</summary>
    public string? ReviewedBy { get; init; }
    /// <summary>The run_id this run reproduces (same canon and seed).</summary>
    public string? Reproduces { get; init; }
    /// <summary>The run's config object as compact JSON, or null.</summary>
    public string? ConfigJson { get; init; }
    /// <summary>SHA-256 of the trainer's canonical config JSON (<c>needle train --json</c>'s config_sha256); a reproduction must match it.</summary>
    public string? ConfigSha256 { get; init; }

    public bool IsReproduction => Reproduces is not null;
}
