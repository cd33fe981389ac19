using System.Globalization;
using Needle.Reporting.Plots;
using Needle.Search.Accelerators.Proxies;

namespace Needle.Cli.Verbs;

/// <summary>The V2 plot: the best candidate proxy against rung-2 BPB on fold 0, every proxy's ρ in the caption.</summary>
internal static class ProxyScatter
{
    public static string Svg(IReadOnlyList<(ProxyRow Proxies, double Bpb)> heldOut, ProxyGateResult result, int exportedTrials)
    {
        var points = heldOut.Where(h => double.IsFinite(h.Proxies.Score(result.BestProxy)))
            .Select(h => new PlotPoint(h.Proxies.Score(result.BestProxy), h.Bpb)).ToList();
        // Short: the caption must fit the data area's width (every proxy's ρ, the best first, then n).
        var caption = "ρ " + string.Join(" · ", result.Correlations.OrderByDescending(c => c.Proxy == result.BestProxy)
                          .Select(c => string.Create(CultureInfo.InvariantCulture, $"{Short(c.Proxy)} {c.Rho:0.00}")))
                      + string.Create(CultureInfo.InvariantCulture, $" · n {result.Sample}");
        return ScatterChart.Svg($"V2: {result.BestProxy} at init vs rung-2 BPB (fold 0, export of {exportedTrials} trials)",
            result.BestProxy, "rung-2 BPB (whole validation split)", points, caption, "v2-proxies");
    }

    private static string Short(string proxy) => proxy switch { "flops_per_token" => "flops", "grad_norm" => "grad", _ => proxy };
}
