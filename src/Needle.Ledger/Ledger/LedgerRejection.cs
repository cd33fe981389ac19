namespace Needle.Core.Ledger;

/// <summary>How serious a refused append is; the values are the exit codes `needle ledger emit` uses.</summary>
public enum RejectionKind
{
    /// <summary>The row is malformed or collides with an existing run_id (what check calls exit 11).</summary>
    Malformed = 11,
    /// <summary>Below the architectural floor without a reviewer: the tripwire (check's exit 12).</summary>
    Tripwire = 12,
    /// <summary>Well-formed, but breaks a rule the gate applies to every row (sha, corpus, band, reproduction).</summary>
    Policy = 13,
}

/// <summary>One reason an append was refused, naming the field.</summary>
public sealed record LedgerRejection(string Field, string Message, RejectionKind Kind)
{
    public override string ToString() => $"{Field}: {Message}";
}

/// <summary>An append that was refused; nothing was written.</summary>
public sealed class LedgerAppendRefusedException(string file, IReadOnlyList<LedgerRejection> reasons)
    : Exception($"{file}: row refused: {string.Join("; ", reasons)}")
{
    public IReadOnlyList<LedgerRejection> Reasons { get; } = reasons;

    /// <summary>The most serious kind among the reasons.</summary>
    public RejectionKind Kind => Reasons.Max(r => r.Kind);
}
