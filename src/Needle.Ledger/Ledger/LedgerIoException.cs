namespace Needle.Core.Ledger;

/// <summary>The ledger file could not be read, written or locked (as opposed to a malformed line).</summary>
public sealed class LedgerIoException(string message, Exception? inner = null) : IOException(message, inner);
