using Needle.Core.Gates;
using Needle.Core.Ledger;

namespace Needle.Core.Tests.Ledger;

/// <summary>Well-formed rows for tests, citing a real commit of this checkout.</summary>
internal static class Rows
{
    public const string Corpus = "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed";

    private static readonly Lazy<GitCommitOracle> GitLazy = new(() => new GitCommitOracle(RepoPaths.Root));
    public static GitCommitOracle Git => GitLazy.Value;
    public static string Head => HeadLazy.Value;
    private static readonly Lazy<string> HeadLazy = new(() => Git.Head());

    public static GateBook Book => GateBook.Load(RepoPaths.InRepo("assertions", "gates.json"));

    public static LedgerRow Row(string runId, int seed, double bpb, int step = 5000, string? reviewedBy = "reviewer",
        string? reproduces = null, string claim = "IGLA-ATTN-FP32-E0101") => new()
    {
        RunId = runId, Ts = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero), Agent = "test",
        Canon = $"{claim}-rng{seed}", Seed = seed, Bpb = bpb, Step = step, Sha = Head, CorpusSha256 = Corpus,
        Split = "val-last-100000", Tag = "bytes-ascii", GateAction = "candidate", ReviewedBy = reviewedBy, Reproduces = reproduces,
    };

    /// <summary>Three reviewed seeds of gate-final, each reproduced: a victory.</summary>
    public static List<LedgerRow> Victory(params (int Seed, double Bpb)[] seeds)
    {
        if (seeds.Length == 0) seeds = [(42, 1.42), (43, 1.44), (44, 1.43)];
        var rows = new List<LedgerRow>();
        foreach (var (seed, bpb) in seeds)
        {
            rows.Add(Row($"r{seed}", seed, bpb));
            rows.Add(Row($"r{seed}-x", seed, bpb + 0.003, reproduces: $"r{seed}"));
        }
        return rows;
    }

    public static string Text(IEnumerable<LedgerRow> rows, string newline = "\n") =>
        string.Concat(rows.Select(r => LedgerRowSerializer.ToLine(r) + newline));

    public static IReadOnlyList<LedgerEntry> Entries(IEnumerable<LedgerRow> rows) =>
        rows.Select((r, i) => new LedgerEntry(i + 1, r)).ToList();
}
