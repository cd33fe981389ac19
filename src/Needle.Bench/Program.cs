using BenchmarkDotNet.Running;

// Kernel micro-benchmarks (BenchmarkDotNet). End-to-end benchmarks that compare against PyTorch are
// `needle bench` verbs, because they print JSON figures measured side by side in one run.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
