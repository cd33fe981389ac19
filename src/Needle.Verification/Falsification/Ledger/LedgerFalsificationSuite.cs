using System.Globalization;
using Needle.Core.Git;
using Needle.Core.Falsification;
using Needle.Core.Gates;

namespace Needle.Core.Ledger.Falsification;

/// <summary>
/// The ledger's falsification witnesses: one synthetic ledger per rule of the victory gate and the reader,
/// each built by damaging a control ledger that is first shown to be a victory. Every ledger is a real file
/// written through <see cref="LedgerWriter"/> and checked by <see cref="LedgerCheck"/> with real git.
/// </summary>
public sealed class LedgerFalsificationSuite : IFalsificationSuite
{
    public const string GateName = "gate-final";

    public string Name => "ledger";
    public string Vector => "Ledger";

    public IReadOnlyList<WitnessResult> Run(FalsificationContext context)
    {
        var book = GateBook.Load(Path.Combine(context.RepositoryRoot, GateBook.RelativePath));
        var plan = PreregisteredPlan.Load(Path.Combine(context.RepositoryRoot, PreregisteredPlan.RelativePath));
        var gate = book.Find(GateName);
        var git = new GitCommitOracle(context.RepositoryRoot);
        var control = Control(book, plan, git.Head());
        var skeleton = git.FirstCommit();
        Directory.CreateDirectory(context.ScratchDirectory);

        var results = new List<WitnessResult>();
        var controlResult = Check("control", control, context, book, plan, gate, git);
        var controlOk = controlResult.ExitCode == LedgerExitCodes.Victory;
        results.Add(new WitnessResult("control (undamaged ledger)", "accepted as a victory (exit 0)", Rejected: !controlOk,
            RightReason: controlOk, ObservedReason: $"{controlResult.Summary} (exit {controlResult.ExitCode})") { Passed = controlOk });

        foreach (var w in Witnesses(skeleton))
        {
            var damaged = w.Damage(control);
            var result = Check(w.Name, damaged, context, book, plan, gate, git);
            var rejected = result.ExitCode != LedgerExitCodes.Victory;
            var reason = w.FindRightReason(result, damaged);
            var observed = reason ?? $"{result.Summary} (exit {result.ExitCode}): " +
                string.Join("; ", result.Document.Errors.Select(e => e.ToString())
                    .Concat(result.Outcome?.AllFindings.Select(f => f.ToString()) ?? []).Take(3));
            results.Add(new WitnessResult(w.Name, w.ExpectedReason, rejected, reason is not null, observed));
        }
        return results;
    }

    private static LedgerCheckResult Check(string name, LedgerFixture fixture, FalsificationContext context,
        GateBook book, PreregisteredPlan plan, GateDefinition gate, ICommitOracle git)
    {
        var path = Path.Combine(context.ScratchDirectory, name + ".jsonl");
        if (File.Exists(path)) File.Delete(path);
        fixture.WriteTo(path);
        // Report the witness by name, not by its temporary path (the scratch folder is deleted afterwards).
        var read = LedgerReader.Read(path);
        var shown = name + ".jsonl";
        var document = read with { File = shown, Errors = read.Errors.Select(e => e with { File = shown }).ToList() };
        return LedgerCheck.Evaluate(document, book, plan, gate, git, new VictoryOptions(Clock: new FixedClock(Now)));
    }

    private static readonly DateTimeOffset RowTime = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The witnesses' "now": a week after the rows, so the control's embargo has passed.</summary>
    private static readonly DateTimeOffset Now = RowTime.AddDays(7);

    // A stand-in for the trainer's canonical config JSON; the control's rows carry it and its hash.
    private const string ConfigJson = "{\"model\":{\"model\":\"attn\",\"d_model\":512},\"lr\":0.004,\"steps\":5000}";

    /// <summary>Three reviewed winning seeds of gate-final, each reproduced within 0.004, sealed, out of embargo: a clear victory.</summary>
    private static LedgerFixture Control(GateBook book, PreregisteredPlan plan, string head)
    {
        var rows = new List<LedgerRow>();
        foreach (var (seed, bpb) in new[] { (42, 1.42), (43, 1.44), (44, 1.43) })
        {
            var original = Row(book, head, $"w-{seed}", seed, bpb) with { ReviewedBy = "falsify-control" };
            rows.Add(original);
            rows.Add(original with { RunId = $"w-{seed}-repro", Bpb = bpb + 0.004, Reproduces = original.RunId, Agent = "falsify-reproducer" });
        }
        return new LedgerFixture(rows, [], PreregistrationSeal.HeaderLine(plan));
    }

    private static LedgerRow Row(GateBook book, string head, string runId, int seed, double bpb) => new()
    {
        RunId = runId, Ts = RowTime, Agent = "falsify", ConfigJson = ConfigJson, ConfigSha256 = ConfigDigest.Sha256(ConfigJson),
        Canon = Canon(seed), Seed = seed, Bpb = bpb, Step = 5000, Sha = head, CorpusSha256 = book.PinnedCorpusSha256,
        Split = book.CanonicalSplit, Tag = "bytes-ascii", GateAction = "candidate",
    };

    private static string Canon(int seed) => $"IGLA-ATTN-FP32-E0101-rng{seed.ToString(CultureInfo.InvariantCulture)}";

    private static IEnumerable<LedgerWitness> Witnesses(string skeleton)
    {
        yield return Gate("sha-not-a-commit", GateRule.ShaNotACommit, "w-42",
            f => f.Replace("w-42", r => r with { Sha = new string('0', 40) }));
        yield return Gate("sha-skeleton-commit", GateRule.ShaBeforeTraining, "w-42",
            f => f.Replace("w-42", r => r with { Sha = skeleton }).Replace("w-42-repro", r => r with { Sha = skeleton }));
        yield return Gate("config-hash-missing", GateRule.ConfigHashMissing, "w-43",
            f => f.Replace("w-43", r => r with { ConfigSha256 = null, ConfigJson = null }));
        yield return Gate("config-not-the-hashed-one", GateRule.ConfigHashMismatch, "w-43",
            f => f.Replace("w-43", r => r with { ConfigJson = "{\"lr\":0.004}" }));
        yield return Gate("reproduction-other-config", GateRule.ReproductionConfigDiffers, "w-44-repro",
            f => f.Replace("w-44-repro", r => r with { ConfigJson = null, ConfigSha256 = new string('b', 64) }));
        yield return Gate("under-embargo", GateRule.UnderEmbargo, "w-44",
            f => f.Replace("w-44", r => r with { Ts = Now.AddHours(-23) }).Replace("w-44-repro", r => r with { Ts = Now.AddHours(-1) }));
        yield return Ledger("ledger-not-sealed", GateRule.PreregistrationNotSealed, f => f with { SealHeader = null });
        yield return Ledger("preregistration-edited", GateRule.PreregistrationEdited,
            f => f with { SealHeader = $"{{\"{LedgerFields.PreregistrationSeal}\":\"{new string('c', 64)}\"}}" });
        yield return Gate("step-below-4000", GateRule.StepBelowMinimum, "w-43",
            f => f.Replace("w-43", r => r with { Step = 3999 }));
        yield return Gate("bpb-below-0.85", GateRule.OutsidePlausibilityBand, "w-42",
            f => f.Replace("w-42", r => r with { Bpb = 0.80 }).Replace("w-42-repro", r => r with { Bpb = 0.80 }));
        yield return Gate("bpb-above-2.30", GateRule.OutsidePlausibilityBand, "w-44",
            f => f.Replace("w-44", r => r with { Bpb = 2.35 }).Replace("w-44-repro", r => r with { Bpb = 2.35 }));
        yield return Gate("seed-outside-gate-set", GateRule.SeedOutsideSet, "w-44",
            f => f.Replace("w-44", r => r with { Seed = 46, Canon = Canon(46) })
                  .Replace("w-44-repro", r => r with { Seed = 46, Canon = Canon(46) }));
        yield return Gate("duplicate-seed", GateRule.DuplicateSeed, "w-43-again",
            f => f.Plus(f.Rows.Single(r => r.RunId == "w-43") with { RunId = "w-43-again", Bpb = 1.41 }));
        yield return Gate("missing-reproduction", GateRule.NotReproduced, "w-43", f => f.Without("w-43-repro"));
        yield return Gate("reproduction-disagrees", GateRule.ReproductionDisagrees, "w-42-repro",
            f => f.Replace("w-42-repro", r => r with { Bpb = 1.42 + 0.02 }));
        yield return Gate("corpus-not-pinned", GateRule.CorpusMismatch, "w-44",
            f => f.Replace("w-44", r => r with { CorpusSha256 = new string('a', 64) }));
        yield return new LedgerWitness("floor-without-review", "tripwire: bpb below the 1.89 floor without reviewed_by (exit 12)",
            f => f.Replace("w-44", r => r with { ReviewedBy = null }),
            (result, _) => result.ExitCode == LedgerExitCodes.Tripwire &&
                           result.Outcome!.Tripwires.FirstOrDefault(t => t.RunId == "w-44") is { } t ? t.ToString() : null);
        foreach (var (name, literal) in new[]
                 {
                     ("nan-literal", "NaN"), ("infinity-literal", "Infinity"), ("negative-infinity-literal", "-Infinity"),
                     ("nan-string", "\"NaN\""), ("infinity-string", "\"inf\""), ("overflow-to-infinity", "1e999"),
                 })
            yield return Malformed(name, LedgerFields.Bpb, $"bpb {literal}",
                f => f.PlusRaw(RawRowWithBpb(f, literal)));
        yield return Malformed("truncated-line", LedgerFields.Bpb, "a row cut off inside bpb",
            f => f.PlusRaw(CutInsideBpb(RawRowWithBpb(f, "1.43"))));
        yield return Malformed("steps-instead-of-step", LedgerFields.Step, "the upstream's `steps` typo",
            f => f.PlusRaw(RawRowWithBpb(f, "1.43").Replace("\"step\":", "\"steps\":", StringComparison.Ordinal)));
        yield return Malformed("duplicate-run-id", LedgerFields.RunId, "a second row reusing run_id w-42",
            f => f.PlusRaw(RawRowWithBpb(f, "1.43").Replace("\"run_id\":\"w-44-late\"", "\"run_id\":\"w-42\"", StringComparison.Ordinal)));
    }

    // A row of the control (seed 44, new run_id) whose bpb token is replaced verbatim by the witness's text.
    private static string RawRowWithBpb(LedgerFixture f, string bpbToken)
    {
        var row = f.Rows.First(r => r.Seed == 44 || r.Seed == 46) with { RunId = "w-44-late", Reproduces = null };
        var line = LedgerRowSerializer.ToLine(row);
        var start = line.IndexOf("\"bpb\":", StringComparison.Ordinal) + 6;
        var end = line.IndexOf(',', start);
        return line[..start] + bpbToken + line[end..];
    }

    // What a writer killed mid-line leaves behind: the row up to the middle of its bpb value ("bpb":1.).
    private static string CutInsideBpb(string line) => line[..(line.IndexOf("\"bpb\":", StringComparison.Ordinal) + 8)];

    private static LedgerWitness Gate(string name, GateRule rule, string runId, Func<LedgerFixture, LedgerFixture> damage) =>
        new(name, $"gate rejected: {rule} on {runId} (exit 4)", damage,
            (result, _) => result.ExitCode == LedgerExitCodes.GateRejected &&
                           result.Outcome!.AllFindings.FirstOrDefault(x => x.Rule == rule && x.RunId == runId) is { } hit
                ? hit.ToString() : null);

    private static LedgerWitness Ledger(string name, GateRule rule, Func<LedgerFixture, LedgerFixture> damage) =>
        new(name, $"gate rejected: {rule} for the whole ledger (exit 4)", damage,
            (result, _) => result.ExitCode == LedgerExitCodes.GateRejected &&
                           result.Outcome!.LedgerFindings.FirstOrDefault(x => x.Rule == rule) is { } hit
                ? hit.ToString() : null);

    private static LedgerWitness Malformed(string name, string field, string what, Func<LedgerFixture, LedgerFixture> damage) =>
        new(name, $"malformed row: {what} reported at its line as field '{field}' (exit 11)", damage,
            (result, fixture) =>
            {
                var line = fixture.LineOfRaw(fixture.RawLines.Count - 1);
                return result.ExitCode == LedgerExitCodes.Malformed &&
                       result.Document.Errors.FirstOrDefault(e => e.Line == line && e.Field == field) is { } err
                    ? err.ToString() : null;
            });
}
