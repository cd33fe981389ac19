namespace Needle.Cli;

/// <summary>
/// The exit codes of every verb (docs/cli.md has the table): one meaning per code, so a script can branch on them.
/// </summary>
public static class ExitCodes
{
    /// <summary>Did what was asked (a race that spent its budget and can be resumed included).</summary>
    public const int Ok = 0;

    /// <summary>Ran, and the thing checked came out false: a failed audit, gate, falsification or bench check.</summary>
    public const int CheckFailed = 1;

    /// <summary>Bad input: an option, a file, a field. The message names it and says what to do. Nothing ran.</summary>
    public const int BadInput = 2;

    /// <summary>Ran, and some of the work failed (a trial's error column, a plan step): the message says where to look.</summary>
    public const int WorkFailed = 3;

    /// <summary>The study's database became unreachable; running trials were checkpointed, the same command resumes.</summary>
    public const int StudyUnreachable = 4;

    /// <summary>Interrupted (Ctrl-C): work was checkpointed; the same command resumes.</summary>
    public const int Interrupted = 130;
}
