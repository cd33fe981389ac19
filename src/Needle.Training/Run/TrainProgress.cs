namespace Needle.Training.Run;

/// <summary>One progress report: after every step, with a validation figure when one was computed at this step.</summary>
public readonly record struct TrainProgress(long Step, long Steps, float Loss, float LearningRate, double TokensPerSecond,
    double? SampledValBpb, double BpbEma);
