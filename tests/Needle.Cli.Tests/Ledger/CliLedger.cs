using Needle.Core.Gates;
using Needle.Core.Ledger;

namespace Needle.Cli.Tests.Ledger;

/// <summary>Rows and temp ledgers for the end-to-end ledger tests; rows cite HEAD of this checkout.</summary>
internal static class CliLedger
{
    public const string Corpus = "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed";
    public static readonly string Example = Path.Combine("tests", "Needle.Cli.Tests", "Ledger", "example-ledger.jsonl");
    private static readonly Lazy<string> HeadLazy = new(() => new GitCommitOracle(RepoPaths.Root).Head());
    public static string Head => HeadLazy.Value;

    public static LedgerRow Row(string runId, int seed, double bpb, string? reviewedBy = null, string? reproduces = null) => new()
    {
        RunId = runId, Ts = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero), Agent = "cli-test",
        Canon = $"IGLA-ATTN-FP32-E0101-rng{seed}", Seed = seed, Bpb = bpb, Step = 5000, Sha = Head, CorpusSha256 = Corpus,
        Split = "val-last-100000", Tag = "bytes-ascii", GateAction = "candidate", ReviewedBy = reviewedBy, Reproduces = reproduces,
    };

    public static string Line(LedgerRow row) => LedgerRowSerializer.ToLine(row);
}
