using System.CommandLine;
using Needle.Core.Checkouts;
using Needle.Core.Git;
using Needle.Core.Gates;

namespace Needle.Cli.Verbs;

/// <summary>
/// <c>needle ledger check|emit</c>: verify the seed-results ledger against a victory gate, or append a row
/// after refusing anything check would reject. Exit codes: see <see cref="LedgerExitCodes"/>.
/// </summary>
public sealed class LedgerVerb : ICliVerb
{
    public Command Build()
    {
        var ledger = new Command("ledger", "Check the append-only seed-results ledger against a victory gate, or append to it.");
        ledger.Subcommands.Add(LedgerCheckCommand.Build());
        ledger.Subcommands.Add(LedgerEmitCommand.Build());
        return ledger;
    }

    /// <summary>What both subcommands work against: the gates, the pre-registration they obey, and git.</summary>
    internal sealed record Context(GateBook Book, PreregisteredPlan Plan, string Repository, GitCommitOracle Commits);

    internal static Option<FileInfo?> GatesOption() => new("--gates")
    {
        Description = "The gates file (default: assertions/gates.json of the checkout holding the ledger, or of the working directory).",
    };

    internal static Option<DirectoryInfo?> RepoOption() => new("--repo")
    {
        Description = "The git repository whose commits a row's sha must be (default: the checkout holding the gates file).",
    };

    /// <summary>
    /// Loads the gate book and the checkout's pre-registration, refuses a gates file weaker than the
    /// pre-registration (each broken rule named), and picks the repository; null (with the error printed) on failure.
    /// </summary>
    internal static Context? Resolve(FileInfo? gates, DirectoryInfo? repo, string ledgerPath)
    {
        var checkout = CheckoutLocator.Find(ledgerPath);
        var gatesPath = gates?.FullName ?? (checkout is null ? null : Path.Combine(checkout, GateBook.RelativePath));
        if (gatesPath is null)
        {
            CliConsole.Error.WriteLine($"error: no {GateBook.RelativePath} found above {ledgerPath} or the working directory; pass --gates FILE");
            return null;
        }
        try
        {
            var book = GateBook.Load(gatesPath);
            var repository = repo?.FullName ?? checkout ?? Path.GetDirectoryName(Path.GetDirectoryName(gatesPath))!;
            var plan = PreregisteredPlan.Load(Path.Combine(checkout ?? repository, PreregisteredPlan.RelativePath));
            var commits = new GitCommitOracle(repository);
            var violations = GatesRules.Check(book, plan, commits);
            foreach (var v in violations)
                CliConsole.Error.WriteLine($"error: {gatesPath}: {v}");
            if (violations.Count > 0)
            {
                CliConsole.Error.WriteLine($"what to do: a gates file may be stricter than {plan.File}, never weaker; restore the pre-registered values");
                return null;
            }
            return new Context(book, plan, repository, commits);
        }
        catch (Exception e) when (e is GateBookException or CommitCheckException)
        {
            CliConsole.Error.WriteLine($"error: {e.Message}");
            return null;
        }
    }
}
