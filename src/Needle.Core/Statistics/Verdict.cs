namespace Needle.Core.Statistics;

/// <summary>
/// A statistical verdict, three-way as BenchmarkDotNet reports it — never a bare p-value. "Better" means
/// significantly lower BPB than the reference; "Worse" significantly higher.
/// </summary>
public enum Verdict
{
    Better,
    Indistinguishable,
    Worse,
}
