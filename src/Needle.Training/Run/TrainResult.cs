namespace Needle.Training.Run;

/// <summary>The outcome of a run. Validation BPB is over the whole 100,000-byte split (tag bytes-ascii).</summary>
public sealed record TrainResult(long Steps, double Seconds, double TokensPerSecond, double TrainBpb, double ValBpb,
    long ValTargets, double ValBpbEma, double? ValBpbWeightEma, long Params, float[] Losses, string ConfigHash);
