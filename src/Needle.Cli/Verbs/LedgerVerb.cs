using System.CommandLine;
using Needle.Core.Gates;
using Needle.Core.Ledger;

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

    /// <summary>Options both subcommands share: where the gates file and the git repository are.</summary>
    internal sealed record Context(GateBook Book, string Repository);

    internal static Option<FileInfo?> GatesOption() => new("--gates")
    {
        Description = "The gates file (default: assertions/gates.json of the checkout holding the ledger, or of the working directory).",
    };

    internal static Option<DirectoryInfo?> RepoOption() => new("--repo")
    {
        Description = "The git repository whose commits a row's sha must be (default: the checkout holding the gates file).",
    };

    /// <summary>Loads the gate book and picks the repository; null (with the error printed) on failure.</summary>
    internal static Context? Resolve(FileInfo? gates, DirectoryInfo? repo, string ledgerPath)
    {
        var checkout = CheckoutLocator.Find(ledgerPath);
        var gatesPath = gates?.FullName ?? (checkout is null ? null : Path.Combine(checkout, GateBook.RelativePath));
        if (gatesPath is null)
        {
            Console.Error.WriteLine($"error: no {GateBook.RelativePath} found above {ledgerPath} or the working directory; pass --gates FILE");
            return null;
        }
        try
        {
            var book = GateBook.Load(gatesPath);
            var repository = repo?.FullName ?? checkout ?? Path.GetDirectoryName(Path.GetDirectoryName(gatesPath))!;
            return new Context(book, repository);
        }
        catch (GateBookException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return null;
        }
    }
}
