using System.CommandLine;

namespace Needle.Cli;

/// <summary>
/// One top-level verb of the <c>needle</c> command (train, ledger, audit, …). Verbs are discovered by
/// reflection so each lives in its own file and adding one never touches a shared switchboard.
/// </summary>
public interface ICliVerb
{
    /// <summary>Builds the verb's command tree. Exit codes are the verb's own; 0 only on success.</summary>
    Command Build();
}
