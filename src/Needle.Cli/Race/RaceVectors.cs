using Needle.Cli.Verbs;
using Needle.Core.Vectors;
using Needle.Search.Compound;
using Needle.Search.Study;

namespace Needle.Cli.Race;

/// <summary>
/// <c>needle race --vectors v3,v6</c>: each vector's state for the race (<see cref="LiveVectors.Decide"/>), printed on
/// stderr and stored in the study, and the components applied to the planned trials. Without --vectors nothing is
/// decided and nothing stored (a resumed study keeps the states it recorded).
/// </summary>
internal sealed class RaceVectors
{
    private readonly string _root;

    private RaceVectors(string root, IReadOnlyList<VectorState> states)
    {
        _root = root;
        States = states;
    }

    public IReadOnlyList<VectorState> States { get; }

    public static RaceVectors? Decide(string? option)
    {
        if (option is null) return null;
        var requested = option.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string[] names;
        try { names = [.. requested.Select(VectorNames.Normalise)]; }
        catch (FormatException e) { throw new CliInputException($"--vectors: {e.Message}"); }
        var root = CheckoutLocator.Find()
                   ?? throw new CliInputException("--vectors reads each vector's verdict from assertions/evidence: run the race inside the checkout");
        var states = LiveVectors.Decide(VectorEvidence.ReadAll(root), names);
        foreach (var s in states) CliConsole.Error.WriteLine($"vector {s.Vector} ({VectorNames.NameOf(s.Vector)}): {s.SwitchText} — {s.Reason}");
        return new RaceVectors(root, states);
    }

    public IReadOnlyList<(TrialSpec Spec, int Bracket)> Apply(IReadOnlyList<(TrialSpec Spec, int Bracket)> plan) => LiveVectors.Apply(plan, States, _root);
}
