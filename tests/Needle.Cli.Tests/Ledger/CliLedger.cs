using System.Text.Json.Nodes;
using Needle.Core;
using Needle.Core.Git;
using Needle.Cli.Verbs;
using Needle.Core.Gates;
using Needle.Core.Ledger;

namespace Needle.Cli.Tests.Ledger;

/// <summary>Rows and temp ledgers for the end-to-end ledger tests; rows cite HEAD of this checkout.</summary>
internal static class CliLedger
{
    public const string Corpus = "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed";
    public const string Config = "{\"model\":{\"model\":\"attn\",\"d_model\":512},\"lr\":0.004}";
    private static readonly Lazy<GitCommitOracle> GitLazy = new(() => new GitCommitOracle(RepoPaths.Root));
    public static GitCommitOracle Git => GitLazy.Value;
    public static string Head => Git.Head();
    public static PreregisteredPlan Plan => PreregisteredPlan.Load(RepoPaths.InRepo("assertions", "preregistration.json"));

    /// <summary>The header line that seals a ledger to the repository's pre-registration.</summary>
    public static string Seal => PreregistrationSeal.HeaderLine(Plan);

    /// <summary>Two days ago (whole seconds): hand-written rows whose 24 h embargo has passed on the real clock.</summary>
    public static readonly DateTimeOffset PastEmbargo = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddDays(-2).ToUnixTimeSeconds());

    /// <summary>The commit needle.dll was built from (embedded by Directory.Build.targets).</summary>
    public static BuildCommit Build => BuildCommit.Current;

    /// <summary>
    /// `ledger emit` only stamps rows from a clean build; a developer's uncommitted change skips the test (commit and
    /// rebuild), and CI — a clean clone — fails instead, so CI can never pass by skipping.
    /// </summary>
    public static void RequireCleanBuild() =>
        NativeTool.Require(Build.CanStampRows, $"a needle built from a clean commit (this one: {Build})",
            "git commit your changes, then dotnet build -c Release");

    public static LedgerRow Row(string runId, int seed, double bpb, string? reviewedBy = null, string? reproduces = null) => new()
    {
        RunId = runId, Ts = PastEmbargo, Agent = "cli-test",
        Canon = $"IGLA-ATTN-FP32-E0101-rng{seed}", Seed = seed, Bpb = bpb, Step = 5000, Sha = Head, CorpusSha256 = Corpus,
        Split = "val-last-100000", Tag = "bytes-ascii", GateAction = "candidate", ReviewedBy = reviewedBy, Reproduces = reproduces,
        ConfigSha256 = ConfigDigest.Sha256(Config),
    };

    public static string Line(LedgerRow row) => LedgerRowSerializer.ToLine(row);

    /// <summary>The row as `ledger emit` takes it: without sha and ts, which emit stamps.</summary>
    public static string EmitLine(LedgerRow row)
    {
        var node = JsonNode.Parse(Line(row))!.AsObject();
        node.Remove(LedgerFields.Sha);
        node.Remove(LedgerFields.Ts);
        return node.ToJsonString();
    }
}
