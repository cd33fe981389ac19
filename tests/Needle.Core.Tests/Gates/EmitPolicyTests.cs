using Needle.Core.Gates;
using Needle.Core.Ledger;
using Needle.Core.Tests.Ledger;

namespace Needle.Core.Tests.Gates;

/// <summary>What `ledger emit` refuses under the lock, beyond a malformed row.</summary>
public sealed class EmitPolicyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("needle-emit-policy-").FullName;
    private string Path0 => Path.Combine(_dir, "l.jsonl");
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private IReadOnlyList<LedgerRejection> Refusals(LedgerRow row)
    {
        try
        {
            LedgerWriter.Append(Path0, row, EmitPolicy.For(Rows.Book, Rows.Plan, Rows.Git), sealHeader: PreregistrationSeal.HeaderLine(Rows.Plan));
            return [];
        }
        catch (LedgerAppendRefusedException e)
        {
            return e.Reasons;
        }
    }

    [Fact]
    public void A_row_from_the_skeleton_commit_is_refused_naming_the_trainer_commit()
    {
        var r = Refusals(Rows.Row("a", 42, 1.95) with { Sha = Rows.Git.FirstCommit() });
        r.Should().ContainSingle().Which.Message.Should().Contain("does not descend from training_since 7d9f1f04576c");
    }

    [Fact]
    public void A_row_without_config_sha256_or_with_a_config_that_hashes_elsewhere_is_refused()
    {
        Refusals(Rows.Row("a", 42, 1.95) with { ConfigSha256 = null }).Should().ContainSingle(r => r.Field == LedgerFields.ConfigSha256);
        Refusals(Rows.Row("b", 42, 1.95) with { ConfigJson = "{\"lr\":1}" }).Should().ContainSingle(r => r.Field == LedgerFields.ConfigSha256);
        Refusals(Rows.Row("c", 42, 1.95) with { ConfigJson = Rows.Config }).Should().BeEmpty();
    }

    [Fact]
    public void A_reproduction_must_run_the_same_configuration()
    {
        Refusals(Rows.Row("a", 42, 1.95)).Should().BeEmpty();
        Refusals(Rows.Row("a-x", 42, 1.95, reproduces: "a") with { ConfigSha256 = new string('d', 64) })
            .Should().ContainSingle().Which.Message.Should().Contain("must run the same configuration");
        Refusals(Rows.Row("a-y", 42, 1.951, reproduces: "a")).Should().BeEmpty();
    }
}
