using System.Globalization;
using Needle.Core.Git;
using Needle.Core.Ledger;

namespace Needle.Core.Gates;

/// <summary>
/// What `needle ledger emit` refuses beyond a malformed row: the rules the gate applies to every row that can
/// be judged on its own (sha a commit reachable from HEAD and descended from the trainer's commit, the pinned
/// corpus, the band's floor, config_sha256 present and matching the config, reproductions of the same canon,
/// seed and configuration within the tolerance) and the pre-registration seal. Not refused: step &lt; 4000 and
/// bpb above the band (honest slow or early runs are data; the gate rejects them only as victory claims).
/// That sha is the emitting binary's own commit and ts its clock's time is <see cref="EmitStamp"/>'s job.
/// </summary>
public static class EmitPolicy
{
    public static LedgerWriter.Admission For(GateBook book, PreregisteredPlan plan, ICommitOracle commits) =>
        (existing, row) => Check(existing, row, book, plan, commits);

    public static IEnumerable<LedgerRejection> Check(ExistingLedger existing, LedgerRow row, GateBook book, PreregisteredPlan plan, ICommitOracle commits)
    {
        if (PreregistrationSeal.CheckAppend(existing, plan) is { } seal) yield return seal;
        if (row.Bpb < book.ArchitecturalFloor && row.ReviewedBy is null)
            yield return new(LedgerFields.ReviewedBy,
                $"bpb {F(row.Bpb)} is below the architectural floor {F(book.ArchitecturalFloor)}: a reviewer must sign it (reviewed_by) or check will raise the tripwire",
                RejectionKind.Tripwire);
        if (row.Bpb < book.PlausibilityMin)
            yield return new(LedgerFields.Bpb, $"{F(row.Bpb)} is below the plausibility band minimum {F(book.PlausibilityMin)} (the signature of a validation leak)", RejectionKind.Policy);
        foreach (var (_, message) in VictoryGate.ShaProblems(row.Sha, book, commits))
            yield return new(LedgerFields.Sha, message, RejectionKind.Policy);
        if (VictoryGate.ConfigProblem(row) is { } config)
            yield return new(LedgerFields.ConfigSha256, config.Message, RejectionKind.Policy);
        if (row.CorpusSha256 != book.PinnedCorpusSha256)
            yield return new(LedgerFields.CorpusSha256, $"{row.CorpusSha256} is not the pinned TinyShakespeare {book.PinnedCorpusSha256}", RejectionKind.Policy);
        if (row.Reproduces is { } target && existing.Entries.FirstOrDefault(e => e.Row.RunId == target) is { } original)
        {
            if (original.Row.Canon != row.Canon || original.Row.Seed != row.Seed)
                yield return new(LedgerFields.Reproduces, $"reproduces {target} ({original.Row.Canon}, seed {original.Row.Seed}) but is {row.Canon}, seed {row.Seed}", RejectionKind.Policy);
            else if (original.Row.ConfigSha256 != row.ConfigSha256)
                yield return new(LedgerFields.ConfigSha256, $"{row.ConfigSha256 ?? "(none)"} differs from the reproduced run's {original.Row.ConfigSha256 ?? "(none)"}: a reproduction must run the same configuration", RejectionKind.Policy);
            else if (Math.Abs(original.Row.Bpb - row.Bpb) > book.ReproductionTolerance + 1e-12)
                yield return new(LedgerFields.Bpb, $"{F(row.Bpb)} differs from the reproduced {F(original.Row.Bpb)} by more than {F(book.ReproductionTolerance)}", RejectionKind.Policy);
        }
    }

    private static string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
