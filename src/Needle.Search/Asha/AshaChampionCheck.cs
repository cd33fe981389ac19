using Needle.Core.Invariants;
using Needle.Core.Rungs;

namespace Needle.Search.Asha;

/// <summary>
/// INV-5 at run time (start of a race): replays fixed arrival orders through the real <see cref="AshaScheduler"/>
/// and checks what Asha.v proves of its at-arrival rule — the final champion of each rung is never stopped, and a
/// result is promoted exactly when fewer than max(1, ⌊n/η⌋) recorded results are strictly better.
/// </summary>
public sealed class AshaChampionCheck : IInvariantCheck
{
    public string? FindViolation()
    {
        var ladder = RungLadder.Explicit([10, 20], 3);
        // Arrival orders of 7 results at rung 10: the champion (0.5) arrives first, in the middle, last.
        double[][] orders = [[0.5, 1.0, 0.9, 0.8, 0.7, 0.6, 1.1], [1.0, 0.9, 0.8, 0.5, 0.7, 0.6, 1.1], [1.1, 1.0, 0.9, 0.8, 0.7, 0.6, 0.5]];
        foreach (var order in orders)
        {
            var scheduler = new AshaScheduler(ladder);
            var recorded = new List<double>();
            for (var i = 0; i < order.Length; i++)
            {
                recorded.Add(order[i]);
                var decision = scheduler.Report(i, 0, 10, order[i]);
                var better = recorded.Count(v => v < order[i]);
                var expected = better < Math.Max(1, recorded.Count / ladder.Eta) ? RungOutcome.Promote : RungOutcome.Stop;
                if (decision.Outcome != expected)
                    return $"arrival {i} (bpb {order[i]}) of [{string.Join(", ", order)}] was {decision.Outcome}, the rule says {expected}";
                if (order[i] == order.Min() && decision.Outcome == RungOutcome.Stop)
                    return $"the final champion (bpb {order[i]}, arrival {i}) was stopped";
            }
        }
        return null;
    }
}
