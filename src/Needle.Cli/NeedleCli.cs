using System.CommandLine;

namespace Needle.Cli;

/// <summary>The <c>needle</c> command: its verbs (<see cref="CliVerbs"/>) and how to run it, in a process or in a test.</summary>
public static class NeedleCli
{
    public const string Description = "needle — fast, honest architecture search for byte-level language models on TinyShakespeare";

    public static RootCommand Root()
    {
        var root = new RootCommand(Description);
        foreach (var verb in CliVerbs.All) root.Subcommands.Add(verb.Build());
        return root;
    }

    /// <summary>Runs <paramref name="args"/> on the process's console (Program's entry).</summary>
    public static Task<int> InvokeAsync(string[] args, CancellationToken cancellation = default) =>
        Run(Root().Parse(args), new InvocationConfiguration(), cancellation);

    /// <summary>
    /// Runs <paramref name="args"/> in-process with its stdout and stderr (the verb's output, help and parse errors)
    /// written to <paramref name="output"/> and <paramref name="error"/>; returns the exit code.
    /// </summary>
    public static async Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellation = default)
    {
        CliConsole.Use(output, error); // reverts when this async method returns: the caller's flow is untouched
        return await Run(Root().Parse(args), new InvocationConfiguration { Output = output, Error = error }, cancellation).ConfigureAwait(false);
    }

    // A command line that does not parse (an unknown option, a bad choice, a missing value) is bad input, exit 2 as
    // every verb's own input errors (System.CommandLine prints the error and the help, and would exit 1); the ledger's
    // gate commands exit with their own usage code.
    private static async Task<int> Run(ParseResult parse, InvocationConfiguration configuration, CancellationToken cancellation)
    {
        var code = await parse.InvokeAsync(configuration, cancellation).ConfigureAwait(false);
        if (parse.Errors.Count == 0) return code;
        return parse.CommandResult.Command is GateExitCodeCommand ? Needle.Core.Gates.LedgerExitCodes.Usage : ExitCodes.BadInput;
    }
}
