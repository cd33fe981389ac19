namespace Needle.Core.Ledger;

/// <summary>The JSON field names of a ledger row, in the order the writer emits them.</summary>
public static class LedgerFields
{
    public const string RunId = "run_id";
    public const string Ts = "ts";
    public const string Agent = "agent";
    public const string Canon = "canon";
    public const string Seed = "seed";
    public const string Bpb = "bpb";
    public const string Step = "step";
    public const string Sha = "sha";
    public const string CorpusSha256 = "corpus_sha256";
    public const string Split = "split";
    public const string Tag = "tag";
    public const string GateAction = "gate_action";
    public const string ReviewedBy = "reviewed_by";
    public const string Reproduces = "reproduces";
    public const string Config = "config";
    public const string ConfigSha256 = "config_sha256";

    /// <summary>The header key that seals a ledger to its pre-registration (a header line before the first data row).</summary>
    public const string PreregistrationSeal = "_preregistration_sha256";

    /// <summary>Used when the problem is the line as a whole rather than one field.</summary>
    public const string WholeLine = "(line)";
}
