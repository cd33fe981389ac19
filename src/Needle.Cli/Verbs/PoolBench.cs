using System.CommandLine;
using System.Globalization;
using Needle.Training.Benchmarks;

namespace Needle.Cli.Verbs;

/// <summary>
/// <c>needle bench pool</c>: the long version of the worker-pool stress test (<see cref="PoolStress"/>): millions of
/// dispatches with workers forever falling asleep; prints the dispatch rate, or the failure with the pool's state.
/// Exit code 0 when every item ran exactly once, 1 on a failure.
/// </summary>
internal static class PoolBench
{
    public static Command Build()
    {
        var command = new Command("pool", "Worker-pool hand-off stress: every item of every dispatch must run exactly once, under a watchdog.");
        var dispatches = new Option<long>("--dispatches") { Description = "dispatches to run", DefaultValueFactory = _ => 5_000_000 };
        var threads = new Option<int>("--threads") { Description = "pool threads (more than the cores is the point)", DefaultValueFactory = _ => 3 };
        var spin = new Option<double>("--spin-us") { Description = "worker spin limit before sleeping, µs", DefaultValueFactory = _ => 1 };
        var pause = new Option<double>("--max-pause-us") { Description = "random busy pause between dispatches, 0..this µs", DefaultValueFactory = _ => 12 };
        var stall = new Option<double>("--stall-s") { Description = "watchdog: fail after this many seconds without a finished dispatch", DefaultValueFactory = _ => 30 };
        var seed = new Option<ulong>("--seed") { Description = "seed of the item counts and pauses", DefaultValueFactory = _ => 1 };
        foreach (var o in new Option[] { dispatches, threads, spin, pause, stall, seed }) command.Options.Add(o);
        command.SetAction(r =>
        {
            var settings = new PoolStress.Settings(r.GetValue(threads), r.GetValue(dispatches), r.GetValue(spin), r.GetValue(pause),
                MaxItems: 48, Stall: TimeSpan.FromSeconds(r.GetValue(stall)), Seed: r.GetValue(seed));
            CliConsole.Out.WriteLine(F($"pool stress: {settings.Threads} threads on {Environment.ProcessorCount} CPUs, {settings.Dispatches} dispatches, spin {settings.SpinMicroseconds} µs, pause 0–{settings.MaxPauseMicroseconds} µs, watchdog {settings.Stall.TotalSeconds} s"));
            var outcome = PoolStress.Run(settings);
            CliConsole.Out.WriteLine(F($"{outcome.Dispatches} dispatches in {outcome.Seconds:F1} s ({outcome.Dispatches / Math.Max(1e-9, outcome.Seconds):F0}/s)"));
            if (outcome.Failure is null)
            {
                CliConsole.Out.WriteLine("every item of every dispatch ran exactly once");
                return ExitCodes.Ok;
            }
            CliConsole.Error.WriteLine($"FAILED: {outcome.Failure}");
            return ExitCodes.CheckFailed;
        });
        return command;
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
