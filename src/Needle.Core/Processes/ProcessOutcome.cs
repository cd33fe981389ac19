namespace Needle.Core.Processes;

/// <summary>
/// What a finished child process left: its exit code and both streams in full. <see cref="TimedOut"/> is true when
/// <see cref="ProcessRunner"/> stopped it at its timeout; then <see cref="ExitCode"/> is −1 and <see cref="StdErr"/>
/// begins with a line saying so.
/// </summary>
public sealed record ProcessOutcome(int ExitCode, string StdOut, string StdErr)
{
    public bool TimedOut { get; init; }
}
