using Needle.Search.History;

namespace Needle.Search.Compound;

/// <summary>
/// The history's measured seed-to-seed variance of the final (horizon, whole-split) BPB: pooled over the configurations
/// trained on several seeds (the space's multi-seed set), each contributing its sample variance with n − 1 degrees of
/// freedom. Null when the export holds no configuration with two or more finished seeds.
/// </summary>
public sealed record SeedVariance(double Variance, int Configurations, int DegreesOfFreedom)
{
    public double StandardDeviation => Math.Sqrt(Variance);

    public static SeedVariance? Measure(HistoryTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var groups = table.Records
            .Where(r => r.State == "Completed" && r.AtRung(table.Horizon) is not null)
            .GroupBy(r => r.ConfigId)
            .Select(g => g.Select(r => r.AtRung(table.Horizon)!.Value).ToList())
            .Where(v => v.Count >= 2)
            .ToList();
        if (groups.Count == 0) return null;
        double sum = 0;
        var df = 0;
        foreach (var v in groups)
        {
            var mean = v.Average();
            sum += v.Sum(x => (x - mean) * (x - mean));
            df += v.Count - 1;
        }
        return new SeedVariance(sum / df, groups.Count, df);
    }
}
