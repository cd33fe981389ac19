using System.Globalization;
using Needle.Audit.Admitted;
using Needle.Core.Invariants;

namespace Needle.Audit.Tests.Falsification.FalseStatements;

/// <summary>
/// Mirrors <c>mup_lr_transfer</c>: for all loss, 0 &lt; proxy ≤ target widths and learning rates optimal at each
/// width (is_optimal_lr: positive and no worse than any positive lr), |log2 lr_target − log2 lr_proxy| ≤ 1
/// (mup_tolerance_log2). Instances: loss w lr = (log2 lr − c_w)² with integer offsets c_w ∈ [−3, 3], whose unique
/// minimiser over the positive reals is 2^c_w (a square is ≥ 0 and is 0 only there), for widths 1 ≤ p ≤ t ≤ 4.
/// </summary>
[Invariant("INV-13")]
public sealed class MupLrTransferSearch : ICounterexampleSearch
{
    private const double ToleranceLog2 = 1; // mup_tolerance_log2

    public string Theorem => "mup_lr_transfer";

    public CounterexampleResult Search()
    {
        int tried = 0, meeting = 0;
        for (var proxy = 1; proxy <= 4; proxy++)
        for (var target = proxy; target <= 4; target++)
        for (var cProxy = -3; cProxy <= 3; cProxy++)
        for (var cTarget = -3; cTarget <= 3; cTarget++)
        {
            tried++;
            if (proxy == target && cProxy != cTarget) continue; // one width has one loss curve
            double Loss(int w, double lr) => Math.Pow(Math.Log2(lr) - (w == proxy ? cProxy : cTarget), 2);
            var lrProxy = Math.Pow(2, cProxy);
            var lrTarget = Math.Pow(2, cTarget);
            if (!IsOptimal(lr => Loss(proxy, lr), lrProxy) || !IsOptimal(lr => Loss(target, lr), lrTarget)) continue;
            meeting++;
            var gap = Math.Abs(Math.Log2(lrTarget) - Math.Log2(lrProxy));
            if (!(gap <= ToleranceLog2))
                return new CounterexampleResult(tried, meeting, string.Create(CultureInfo.InvariantCulture,
                    $"loss w lr = (log2 lr − c_w)² with c_{proxy} = {cProxy}, c_{target} = {cTarget}: the optimal learning rates are {lrProxy} and {lrTarget}, |Δlog2| = {gap} > {ToleranceLog2}"));
        }
        return new CounterexampleResult(tried, meeting, null);
    }

    /// <summary>is_optimal_lr: x &gt; 0 and f x ≤ f y for every y &gt; 0 (here f x = 0 and f ≥ 0; the scan re-checks it).</summary>
    private static bool IsOptimal(Func<double, double> f, double x) =>
        x > 0 && f(x) == 0 && Enumerable.Range(-60, 121).All(k => f(x) <= f(Math.Pow(2, k / 8.0)));
}
