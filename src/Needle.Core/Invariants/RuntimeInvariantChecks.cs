namespace Needle.Core.Invariants;

/// <summary>What running a checkpoint found: the violations, and whether any of them aborts.</summary>
public sealed record CheckpointOutcome(string Point, int ChecksRun, IReadOnlyList<string> Violations, bool Aborts);

/// <summary>
/// The executor of the registry's run-time checks: at a checkpoint (start of a race, a train, a ledger check) it
/// runs every check declared for that point and applies its action — <c>abort</c> (and <c>hard_penalty</c>, which
/// at a checkpoint has nothing to penalise but the run itself) stops the verb; <c>warn</c> is reported and the
/// verb goes on. A check type that cannot be loaded is itself an abort: a declared check that silently does not
/// run is exactly what this class exists to prevent.
/// </summary>
public static class RuntimeInvariantChecks
{
    /// <summary>Runs the checks of <paramref name="declarations"/> declared for <paramref name="point"/>, writing each violation to <paramref name="log"/>.</summary>
    public static CheckpointOutcome Run(string point, IReadOnlyList<RuntimeCheckDeclaration> declarations, TextWriter log,
        Func<string, IInvariantCheck?>? resolve = null)
    {
        if (!CheckPoints.All.Contains(point)) throw new ArgumentException($"unknown checkpoint '{point}'; known: {string.Join(", ", CheckPoints.All)}", nameof(point));
        resolve ??= Resolve;
        var violations = new List<string>();
        var aborts = false;
        var run = 0;
        foreach (var d in declarations.Where(d => d.At.Contains(point)))
        {
            string? violation;
            var action = d.Action;
            try
            {
                var check = resolve(d.CheckType);
                if (check is null)
                {
                    violation = $"its check {d.CheckType} could not be loaded";
                    action = "abort";
                }
                else
                {
                    run++;
                    violation = check.FindViolation();
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                violation = $"its check {d.CheckType} threw {e.GetType().Name}: {e.Message}";
                action = "abort";
            }
            if (violation is null) continue;
            var line = $"invariant {d.InvariantId} violated at {point} ({action}): {d.Message} — {violation}";
            violations.Add(line);
            log.WriteLine("needle: " + line);
            if (action is "abort" or "hard_penalty") aborts = true;
        }
        return new CheckpointOutcome(point, run, violations, aborts);
    }

    /// <summary>Loads an assembly-qualified check type ("Namespace.Type, Assembly") and creates it.</summary>
    public static IInvariantCheck? Resolve(string checkType) =>
        Type.GetType(checkType, throwOnError: false) is { } t && typeof(IInvariantCheck).IsAssignableFrom(t)
            ? (IInvariantCheck?)Activator.CreateInstance(t)
            : null;
}
