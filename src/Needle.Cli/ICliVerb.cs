using System.CommandLine;

namespace Needle.Cli;

/// <summary>
/// One top-level verb of the <c>needle</c> command (train, ledger, audit, …), in its own file, listed in
/// <see cref="CliVerbs"/>. Output goes to <see cref="CliConsole"/>, exit codes are <see cref="ExitCodes"/>.
/// </summary>
public interface ICliVerb
{
    /// <summary>Builds the verb's command tree. Exit codes: <see cref="ExitCodes"/>.</summary>
    Command Build();
}
