using Needle.Core.Git;
using Needle.Core.Gates;
using Needle.Core.Ledger;

namespace Needle.Core.Tests.Ledger;

/// <summary>Well-formed rows for tests, citing a real commit of this checkout (HEAD, which descends from the trainer's commit).</summary>
internal static class Rows
{
    public const string Corpus = "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed";

    /// <summary>A stand-in for the trainer's canonical config JSON, and its hash.</summary>
    public const string Config = "{\"model\":{\"model\":\"attn\",\"d_model\":512},\"lr\":0.004}";
    public static readonly string ConfigSha = ConfigDigest.Sha256(Config);

    /// <summary>Every row's ts; <see cref="Clock"/> reads a week later, so embargoes have passed.</summary>
    public static readonly DateTimeOffset Ts = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    public static readonly FixedClock Clock = new(Ts.AddDays(7));

    private static readonly Lazy<GitCommitOracle> GitLazy = new(() => new GitCommitOracle(RepoPaths.Root));
    public static GitCommitOracle Git => GitLazy.Value;
    public static string Head => HeadLazy.Value;
    private static readonly Lazy<string> HeadLazy = new(() => Git.Head());

    public static GateBook Book => GateBook.Load(RepoPaths.InRepo("assertions", "gates.json"));
    public static PreregisteredPlan Plan => PreregisteredPlan.Load(RepoPaths.InRepo("assertions", "preregistration.json"));

    public static LedgerRow Row(string runId, int seed, double bpb, int step = 5000, string? reviewedBy = "reviewer",
        string? reproduces = null, string claim = "IGLA-ATTN-FP32-E0101") => new()
    {
        RunId = runId, Ts = Ts, Agent = "test",
        Canon = $"{claim}-rng{seed}", Seed = seed, Bpb = bpb, Step = step, Sha = Head, CorpusSha256 = Corpus,
        Split = "val-last-100000", Tag = "bytes-ascii", GateAction = "candidate", ReviewedBy = reviewedBy, Reproduces = reproduces,
        ConfigSha256 = ConfigSha,
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

    /// <summary>The rows as a ledger sealed to the repository's pre-registration.</summary>
    public static string SealedText(IEnumerable<LedgerRow> rows) =>
        PreregistrationSeal.HeaderLine(Plan) + "\n" + Text(rows);

    public static IReadOnlyList<LedgerEntry> Entries(IEnumerable<LedgerRow> rows) =>
        rows.Select((r, i) => new LedgerEntry(i + 1, r)).ToList();
}
