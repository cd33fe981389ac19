namespace Needle.Training.Optim;

/// <summary>The learning-rate schedules: constant, cosine with linear warm-up, and WSD (warm-up, stable, decay).</summary>
public enum ScheduleKind { Constant, Cosine, Wsd }

/// <summary>
/// lr(step) for step = 0 … total−1. Warm-up (all kinds): lr·(step+1)/warmup. Cosine: from lr down to
/// lr·minFraction over the remaining steps. WSD (the upstream's): lr until the last decayFraction of the steps,
/// then a cosine decay down to lr·minFraction.
/// </summary>
public sealed record LearningRateSchedule(ScheduleKind Kind, float Lr, int TotalSteps, int WarmupSteps = 0,
    float MinFraction = 0.1f, float DecayFraction = 0.2f)
{
    public static ScheduleKind Parse(string name) => name.ToLowerInvariant() switch
    {
        "constant" => ScheduleKind.Constant,
        "cosine" => ScheduleKind.Cosine,
        "wsd" => ScheduleKind.Wsd,
        _ => throw new ArgumentException($"schedule: unknown schedule '{name}'; known: constant, cosine, wsd"),
    };

    public float At(long step)
    {
        if (WarmupSteps > 0 && step < WarmupSteps) return Lr * (step + 1) / WarmupSteps;
        float min = Lr * MinFraction;
        switch (Kind)
        {
            case ScheduleKind.Constant:
                return Lr;
            case ScheduleKind.Cosine:
            {
                double span = Math.Max(1, TotalSteps - WarmupSteps);
                double progress = Math.Clamp((step - WarmupSteps) / span, 0, 1);
                return (float)(min + 0.5 * (1 + Math.Cos(Math.PI * progress)) * (Lr - min));
            }
            default:
            {
                long decaySteps = Math.Max(1, (long)Math.Round(TotalSteps * DecayFraction));
                long decayStart = TotalSteps - decaySteps;
                if (step < decayStart) return Lr;
                double progress = Math.Clamp((double)(step - decayStart) / decaySteps, 0, 1);
                return (float)(min + 0.5 * (1 + Math.Cos(Math.PI * progress)) * (Lr - min));
            }
        }
    }
}
