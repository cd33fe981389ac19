namespace Needle.Core.Invariants;

/// <summary>
/// The one-line hook the verbs call: runs the checks that assertions/igla_assertions.json (embedded in this
/// assembly at build time, so the binary checks exactly the registry it was built with) declares for a checkpoint.
/// </summary>
public static class InvariantCheckpoint
{
    /// <summary>Exit code of a verb stopped by an aborting invariant (EX_SOFTWARE).</summary>
    public const int AbortExitCode = 70;

    private static readonly Lazy<IReadOnlyList<RuntimeCheckDeclaration>> Declared = new(() =>
    {
        using var stream = typeof(InvariantCheckpoint).Assembly.GetManifestResourceStream(ResourceName)
                           ?? throw new InvalidOperationException($"the registry is not embedded in Needle.Core (resource {ResourceName})");
        using var reader = new StreamReader(stream);
        return RuntimeCheckDeclaration.Parse(reader.ReadToEnd());
    });

    public const string ResourceName = "Needle.Core.igla_assertions.json";

    /// <summary>The checks the embedded registry declares.</summary>
    public static IReadOnlyList<RuntimeCheckDeclaration> Declarations => Declared.Value;

    /// <summary>Runs the checkpoint; false when an abort check failed (the verb must stop with <see cref="AbortExitCode"/>).</summary>
    public static bool Pass(string point, TextWriter log) => !RuntimeInvariantChecks.Run(point, Declarations, log).Aborts;

    /// <summary>The verbs' one-line hook: null to go on, or the exit code to stop with (violations are on <paramref name="log"/>).</summary>
    public static int? Stop(string point, TextWriter log) => Pass(point, log) ? null : AbortExitCode;
}
