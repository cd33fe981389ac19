using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Needle.Training.Benchmarks;
using Needle.Training.Data;
using Needle.Training.Kernels;
using Needle.Training.Parity;
using Needle.Training.Run;

namespace Needle.Cli.Verbs;

/// <summary>
/// <c>needle bench train [--vs-torch]</c>: tokens/s of the C# engine and (with --vs-torch) of the PyTorch reference
/// for the same config, steps and thread count, measured alternately in one run; the ratio; GFLOP/s of the step and
/// of a GEMM microbenchmark as fractions of the measured FMA peak; managed bytes allocated per steady-state step.
/// </summary>
public sealed class BenchVerb : ICliVerb
{
    public Command Build()
    {
        var bench = new Command("bench", "Benchmarks that print measured figures (never timed tests).");
        var train = new Command("train", "Training throughput of the C# engine, optionally side by side with PyTorch.");
        var opts = new TrainOptions();
        opts.AddTo(train);
        var vsTorch = new Option<bool>("--vs-torch") { Description = "also train the same config with PyTorch (/usr/bin/python3) and report the ratio" };
        var warmup = new Option<int>("--warmup-steps") { Description = "untimed steps before measuring", DefaultValueFactory = _ => 5 };
        var measured = new Option<int>("--measure-steps") { Description = "timed steps per repeat", DefaultValueFactory = _ => 30 };
        var repeats = new Option<int>("--repeats") { Description = "alternating C#/PyTorch repeats (best of each is reported)", DefaultValueFactory = _ => 2 };
        var json = new Option<bool>("--json") { Description = "print the figures as JSON on the last stdout line" };
        var profile = new Option<bool>("--profile") { Description = "after the timed repeats, one more pass that prints where a step's time goes, per op" };
        foreach (var o in new Option[] { vsTorch, warmup, measured, repeats, json, profile }) train.Options.Add(o);
        train.SetAction(r =>
        {
            try
            {
                return Run(opts.ToConfig(r), r.GetValue(vsTorch), r.GetValue(warmup), r.GetValue(measured), r.GetValue(repeats), r.GetValue(json), r.GetValue(profile));
            }
            catch (Exception e) when (e is ArgumentException or CorpusException or InvalidOperationException or TimeoutException)
            {
                CliConsole.Error.WriteLine($"needle bench train: {e.Message}");
                return ExitCodes.BadInput;
            }
        });
        bench.Subcommands.Add(train);
        bench.Subcommands.Add(FamiliesBench.Build());
        bench.Subcommands.Add(StudyBench.Build());
        bench.Subcommands.Add(PoolBench.Build());
        bench.Subcommands.Add(CurriculumBench.Build());
        return bench;
    }

    private static int Run(TrainConfig baseConfig, bool vsTorch, int warmup, int measure, int repeats, bool json, bool profile)
    {
        var corpus = TinyShakespeare.Load();
        var config = baseConfig with { Steps = warmup + measure, EvalEvery = 0 };
        int threads = config.Threads;
        CliConsole.Out.WriteLine($"config {config.ToJson()}");
        CliConsole.Out.WriteLine($"machine: {Environment.ProcessorCount} logical CPUs, kernel {Gemm.KernelName}, threads {threads} (C#) / {threads} (torch.set_num_threads)");

        double peak, cpuPeak;
        GemmBenchmark.Result gemm;
        using (var pool = new WorkerPool(threads))
        {
            (peak, cpuPeak) = PeakFlops.MeasureWithCpu(pool);
            CliConsole.Out.WriteLine(F($"FMA peak per CPU-second (all {threads} threads busy): {cpuPeak:F1} GFLOP/s"));
            gemm = GemmBenchmark.Measure(pool, config.Batch * config.Model.Ctx, config.Model.DModel, config.Model.Hidden);
        }
        CliConsole.Out.WriteLine(F($"measured FMA peak {peak:F1} GFLOP/s ({threads} threads); GEMM on step shapes {gemm.GFlops:F1} GFLOP/s = {gemm.GFlops / peak:P0} of peak (wall {gemm.Seconds:F2}s, CPU {gemm.CpuSeconds:F2}s)"));

        var csharp = new List<(double Tps, double Seconds, double Cpu, double Bytes)>();
        var torch = new List<JsonNode>();
        double flopsPerStep = 0;
        long parameters = 0;
        string? scriptDir = vsTorch ? Path.Combine(Path.GetTempPath(), $"needle-bench-{Environment.ProcessId}") : null;
        if (vsTorch && !TorchReference.Available())
            throw new InvalidOperationException($"--vs-torch needs /usr/bin/python3 with torch; install with: {TorchReference.InstallHint}");
        for (int rep = 0; rep < repeats; rep++)
        {
            using (var trainer = new Trainer(config, corpus))
            {
                flopsPerStep = 3 * trainer.Model.ForwardFlopsPerToken * trainer.TokensPerStep;
                parameters = trainer.Model.ParameterCount;
                for (int i = 0; i < warmup; i++) trainer.Step();
                long bytes0 = GC.GetTotalAllocatedBytes(precise: true);
                var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                for (int i = 0; i < measure; i++) trainer.Step();
                sw.Stop();
                var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
                long bytes = GC.GetTotalAllocatedBytes(precise: true) - bytes0;
                double tps = measure * (double)trainer.TokensPerStep / sw.Elapsed.TotalSeconds;
                csharp.Add((tps, sw.Elapsed.TotalSeconds, cpu, (double)bytes / measure));
                CliConsole.Out.WriteLine(F($"repeat {rep + 1}: C# {tps:F0} tokens/s ({sw.Elapsed.TotalMilliseconds / measure:F1} ms/step, CPU {cpu:F1}s over {sw.Elapsed.TotalSeconds:F1}s wall, {bytes / (double)measure:F0} B allocated/step)"));
                if (vsTorch)
                {
                    var spec = TorchReference.Describe(trainer.Model);
                    spec["threads"] = threads;
                    spec["seed"] = (long)config.Seed;
                    spec["batch"] = config.Batch;
                    spec["steps"] = measure;
                    spec["warmup"] = warmup;
                    spec["corpus"] = corpus.Path;
                    spec["optimizer"] = new JsonObject { ["lr"] = config.Lr, ["beta1"] = config.Beta1, ["beta2"] = config.Beta2, ["eps"] = config.Epsilon, ["weight_decay"] = config.WeightDecay };
                    var output = TorchReference.Run(scriptDir!, TimeSpan.FromMinutes(20), "bench", TorchReference.ToJson(spec));
                    var t = JsonNode.Parse(output.Trim().Split('\n')[^1])!;
                    torch.Add(t);
                    CliConsole.Out.WriteLine(F($"repeat {rep + 1}: PyTorch {t["torch"]} {t["tokens_per_s"]!.GetValue<double>():F0} tokens/s ({t["seconds"]!.GetValue<double>() * 1000 / measure:F1} ms/step, CPU {t["cpu_seconds"]!.GetValue<double>():F1}s, torch threads {t["threads"]})"));
                }
            }
        }
        if (scriptDir is not null && Directory.Exists(scriptDir)) Directory.Delete(scriptDir, true);

        JsonArray? ops = profile ? ProfileStep(config, corpus, warmup, measure) : null;

        var best = csharp.MaxBy(c => c.Tps);
        double stepGflops = flopsPerStep / (best.Seconds / measure) / 1e9;
        double? torchBest = torch.Count > 0 ? torch.Max(t => t["tokens_per_s"]!.GetValue<double>()) : null;
        double? ratio = torchBest is { } tb ? best.Tps / tb : null;
        CliConsole.Out.WriteLine(F($"C# best {best.Tps:F0} tokens/s, step {stepGflops:F1} GFLOP/s = {stepGflops / peak:P0} of peak; {best.Bytes:F0} B allocated per step"));
        // On a shared machine wall-clock fractions measure the other tenants too; per CPU-second they do not (a thread
        // spinning while it waits still counts against us, as it should).
        double peakPerCpu = cpuPeak / threads;
        double gemmPerCpu = gemm.GFlops * gemm.Seconds / gemm.CpuSeconds;
        double stepPerCpu = csharp.Max(c => flopsPerStep * measure / c.Cpu) / 1e9;
        CliConsole.Out.WriteLine(F($"per CPU-second: FMA peak {peakPerCpu:F1} GFLOP/s, GEMM {gemmPerCpu:F1} = {gemmPerCpu / peakPerCpu:P0}, step {stepPerCpu:F1} = {stepPerCpu / peakPerCpu:P0} (best repeat)"));
        if (ratio is { } rr) CliConsole.Out.WriteLine(F($"PyTorch best {torchBest:F0} tokens/s; ratio C#/PyTorch = {rr:F2}x (other processes share these cores: figures are best-of-{repeats}, measured alternately)"));
        if (json)
        {
            var o = new JsonObject
            {
                ["csharp_tokens_per_s"] = Math.Round(best.Tps, 1),
                ["torch_tokens_per_s"] = torchBest is { } t2 ? Math.Round(t2, 1) : null,
                ["ratio"] = ratio is { } r2 ? Math.Round(r2, 3) : null,
                ["threads"] = threads,
                ["torch_threads"] = torch.Count > 0 ? torch[0]["threads"]!.GetValue<int>() : null,
                ["steps"] = measure,
                ["params"] = parameters,
                ["step_gflops"] = Math.Round(stepGflops, 2),
                ["step_fraction_of_peak"] = Math.Round(stepGflops / peak, 4),
                ["gemm_gflops"] = Math.Round(gemm.GFlops, 2),
                ["gemm_fraction_of_peak"] = Math.Round(gemm.GFlops / peak, 4),
                ["peak_gflops"] = Math.Round(peak, 2),
                ["bytes_allocated_per_step"] = Math.Round(best.Bytes, 1),
                // Other processes share these cores: CPU time per step is the contention-robust companion figure.
                ["csharp_cpu_ms_per_step"] = Math.Round(best.Cpu * 1000 / measure, 1),
                ["torch_cpu_ms_per_step"] = torch.Count > 0 ? Math.Round(torch.Min(t => t["cpu_seconds"]!.GetValue<double>()) * 1000 / measure, 1) : null,
                ["peak_gflops_per_cpu_second"] = Math.Round(cpuPeak, 1),
                ["gemm_fraction_of_peak_per_cpu_second"] = Math.Round(gemmPerCpu / peakPerCpu, 4),
                ["step_fraction_of_peak_per_cpu_second"] = Math.Round(stepPerCpu / peakPerCpu, 4),
                ["kernel"] = Gemm.KernelName,
                ["csharp_all_tokens_per_s"] = new JsonArray(csharp.Select(c => (JsonNode)Math.Round(c.Tps, 1)).ToArray()),
                ["torch_all_tokens_per_s"] = new JsonArray(torch.Select(t => (JsonNode)Math.Round(t["tokens_per_s"]!.GetValue<double>(), 1)).ToArray()),
                ["profile_ms_per_step"] = ops,
            };
            CliConsole.Out.WriteLine(o.ToJsonString());
        }
        return ExitCodes.Ok;
    }

    /// <summary>One more pass with a <see cref="DispatchProfile"/> attached: wall ms per step of each op kind, and the serial rest.</summary>
    private static JsonArray ProfileStep(TrainConfig config, TinyShakespeare corpus, int warmup, int measure)
    {
        using var trainer = new Trainer(config, corpus);
        for (int i = 0; i < warmup; i++) trainer.Step();
        var profile = new DispatchProfile();
        var sw = Stopwatch.StartNew();
        using (profile.Attach())
            for (int i = 0; i < measure; i++) trainer.Step();
        sw.Stop();
        double stepMs = sw.Elapsed.TotalMilliseconds / measure;
        CliConsole.Out.WriteLine(F($"profile ({measure} steps, {stepMs:F2} ms/step; wall time of each op's dispatches):"));
        var ops = new JsonArray();
        double dispatched = 0;
        foreach (var e in profile.Entries)
        {
            double ms = e.Seconds * 1000 / measure;
            dispatched += ms;
            CliConsole.Out.WriteLine(F($"  {e.Job,-40} {ms,7:F3} ms/step {ms / stepMs,6:P1}  {e.Dispatches / (double)measure,5:F1} dispatches/step, {e.Items / (double)Math.Max(1, e.Dispatches),7:F0} items each"));
            ops.Add(new JsonObject { ["op"] = e.Job, ["ms"] = Math.Round(ms, 3), ["dispatches"] = Math.Round(e.Dispatches / (double)measure, 1) });
        }
        CliConsole.Out.WriteLine(F($"  {"(serial, between dispatches)",-40} {stepMs - dispatched,7:F3} ms/step {(stepMs - dispatched) / stepMs,6:P1}"));
        ops.Add(new JsonObject { ["op"] = "(serial)", ["ms"] = Math.Round(stepMs - dispatched, 3), ["dispatches"] = 0 });
        return ops;
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
