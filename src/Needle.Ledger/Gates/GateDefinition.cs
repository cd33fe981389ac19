namespace Needle.Core.Gates;

/// <summary>One victory gate as data (assertions/gates.json): BPB strictly below <see cref="TargetBpb"/> on
/// <see cref="MinDistinctSeeds"/> distinct seeds of <see cref="Seeds"/>, then a t-test against <see cref="Mu0"/>.</summary>
public sealed record GateDefinition(
    string Name, double TargetBpb, IReadOnlyList<int> Seeds, int MinDistinctSeeds, int MinStep, double Mu0, double Alpha);
