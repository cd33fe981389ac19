namespace Needle.Search.Curves;

/// <summary>One reported point of a learning curve: validation BPB at a training step.</summary>
public readonly record struct CurvePoint(long Step, double Bpb);
