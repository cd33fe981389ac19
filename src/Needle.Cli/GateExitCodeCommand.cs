using System.CommandLine;
using Needle.Core.Gates;

namespace Needle.Cli;

/// <summary>
/// A command that exits with the victory gate's codes (<see cref="LedgerExitCodes"/>: <c>ledger check</c>, <c>ledger emit</c>),
/// which scripts of the upstream protocol branch on. A command line that does not parse is its usage error (64), not
/// the table's 2: to these scripts 2 means "gate passed, t-test not significant".
/// </summary>
internal sealed class GateExitCodeCommand(string name, string description) : Command(name, description);
