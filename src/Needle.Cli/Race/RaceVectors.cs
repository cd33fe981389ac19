using Needle.Cli.Verbs;
using Needle.Core.Checkouts;
using Needle.Core.Rungs;
using Needle.Core.Vectors;
using Needle.Search.Compound;
using Needle.Search.Running;
using Needle.Search.Study;

namespace Needle.Cli.Race;

/// <summary>
/// <c>needle race --vectors v4,v7</c>: each vector's state for the race (<see cref="LiveVectors.Decide"/>, once the
/// study's ladder is known), printed on stderr and stored in the study; the plan components applied to the planned
/// trials and the rung veto (V4) handed to the race. Without --vectors nothing is decided and nothing stored (a
/// resumed study keeps the states it recorded, and runs without a veto).
/// </summary>
internal sealed class RaceVectors
{
    private readonly string _root;
    private readonly string[] _names;

    private RaceVectors(string root, string[] names) => (_root, _names) = (root, names);

    public IReadOnlyList<VectorState> States { get; private set; } = [];

    /// <summary>The enabled rung components' veto (V4's surrogate), or null.</summary>
    public IRungVeto? Veto { get; private set; }

    public static RaceVectors? Parse(string? option)
    {
        if (option is null) return null;
        // A typed list (every element a vector), so each normalises.
        string[] names = [.. option.Split(',').Select(VectorNames.Normalise)];
        var root = CheckoutLocator.Find()
                   ?? throw new CliInputException("--vectors reads each vector's verdict from assertions/evidence: run the race inside the checkout");
        return new RaceVectors(root, names);
    }

    /// <summary>True for every spelling <see cref="VectorNames.Normalise"/> reads (v3, V3, 3).</summary>
    public static bool IsVector(string text)
    {
        try { VectorNames.Normalise(text); return true; }
        catch (FormatException) { return false; }
    }

    /// <summary>Decides every vector for a race on <paramref name="ladder"/> and prints the states.</summary>
    public void Decide(RungLadder ladder)
    {
        var decision = LiveVectors.Decide(VectorEvidence.ReadAll(_root), _names, ladder, _root);
        States = decision.States;
        Veto = decision.Veto;
        foreach (var s in States) CliConsole.Error.WriteLine($"vector {s.Vector} ({VectorNames.NameOf(s.Vector)}): {s.SwitchText} — {s.Reason}");
    }

    public IReadOnlyList<(TrialSpec Spec, int Bracket)> Apply(IReadOnlyList<(TrialSpec Spec, int Bracket)> plan) => LiveVectors.Apply(plan, States, _root);
}
