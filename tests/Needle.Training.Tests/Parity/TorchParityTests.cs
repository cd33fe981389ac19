using System.Text.Json.Nodes;
using Needle.Training.Data;
using Needle.Training.Kernels;
using Needle.Training.Layers;
using Needle.Training.Models;
using Needle.Training.Optim;
using Needle.Training.Parity;

namespace Needle.Training.Tests.Parity;

/// <summary>
/// The C# engine against PyTorch 1.13 (tests/…/Parity/torch_reference.py): identical weights and batches give
/// logits, loss and every parameter gradient within 1e-4 relative, and 50 AdamW steps give losses within 1e-3.
/// </summary>
[Trait(TestCategories.Key, TestCategories.Parity)]
public sealed class TorchParityTests
{
    private const int Batch = 4, Steps = 50;

    public static TheoryData<string, PositionKind, NormKind, ActivationKind, bool> Variants => new()
    {
        { "gpt", PositionKind.Learned, NormKind.LayerNorm, ActivationKind.Gelu, true },
        { "rope-rms-relu2-untied", PositionKind.Rope, NormKind.RmsNorm, ActivationKind.ReluSquared, false },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Logits_loss_gradients_and_50_AdamW_steps_match_PyTorch(string name, PositionKind pos, NormKind norm, ActivationKind act, bool tied)
    {
        NativeTool.Require(TorchReference.Available(), "/usr/bin/python3 with torch", TorchReference.InstallHint);
        var corpus = TinyShakespeare.Load(RepoPaths.Corpus);
        var config = new ModelConfig { DModel = 64, Layers = 2, Heads = 4, Ctx = 32, Norm = norm, TiedReadout = tied, Attn = new() { Positions = pos, Activation = act } };
        string dir = Path.Combine(Path.GetTempPath(), $"needle-parity-{name}-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        try
        {
            using var pool = new WorkerPool(2);
            using var model = new AttnModel(config, Batch, 1234, pool);
            var sampler = new BatchSampler(corpus.Train, Batch, config.Ctx, 99);
            int n = Batch * config.Ctx;
            var batches = new int[Steps * 2 * n];
            for (int s = 0; s < Steps; s++) sampler.Fill(s, batches.AsSpan(s * 2 * n, n), batches.AsSpan(s * 2 * n + n, n));
            const float lr = 3e-3f, wd = 0.01f, clip = 1.0f;
            var manifest = TorchReference.Describe(model);
            manifest["batch"] = Batch;
            manifest["batches"] = Steps;
            manifest["optimizer"] = new JsonObject { ["lr"] = lr, ["beta1"] = 0.9, ["beta2"] = 0.999, ["eps"] = 1e-8, ["weight_decay"] = wd, ["grad_clip"] = clip };
            File.WriteAllText(Path.Combine(dir, "manifest.json"), TorchReference.ToJson(manifest));
            WriteFloats(Path.Combine(dir, "params.bin"), model.Parameters.ToArray());
            File.WriteAllBytes(Path.Combine(dir, "batches.bin"), batches.SelectMany(BitConverter.GetBytes).ToArray());

            TorchReference.Run(dir, TimeSpan.FromMinutes(5), "parity", dir);

            var x = batches.AsSpan(0, n).ToArray();
            var y = batches.AsSpan(n, n).ToArray();
            model.Forward(x, [], Batch);
            AssertClose("logits", model.Logits.ToArray(), ReadFloats(Path.Combine(dir, "out_logits.bin")), 1e-4);
            model.ZeroGradients();
            float loss = model.Forward(x, y, Batch);
            model.Backward();
            var outJson = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "out.json")))!;
            double torchLoss = outJson["loss"]!.GetValue<double>();
            Math.Abs(loss - torchLoss).Should().BeLessThan(1e-4 * torchLoss, "loss");
            var torchGrads = ReadFloats(Path.Combine(dir, "out_grads.bin"));
            foreach (var t in model.Tensors)
                AssertClose($"grad {t.Name}", model.GradientOf(t).ToArray(), torchGrads.AsSpan((int)t.Offset, (int)t.Size).ToArray(), 1e-4);

            using var adam = new AdamW(model, pool, new GroupMultipliers(), 0.9f, 0.999f, 1e-8f, wd);
            var clipper = new GradientClipper(model, pool);
            var torchLosses = outJson["losses"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
            torchLosses.Should().HaveCount(Steps);
            for (int s = 0; s < Steps; s++)
            {
                model.ZeroGradients();
                float l = model.Forward(batches.AsSpan(s * 2 * n, n), batches.AsSpan(s * 2 * n + n, n), Batch);
                model.Backward();
                clipper.Clip(clip);
                adam.Step(lr);
                Math.Abs(l - torchLosses[s]).Should().BeLessThan(1e-3, $"loss at AdamW step {s}: C# {l} vs torch {torchLosses[s]}");
            }
            torchLosses[^1].Should().BeLessThan(torchLosses[0] - 0.5, "the 50 steps actually train (a vacuous match is not parity)");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Relative L2 error of the tensor ≤ tol, and no element off by more than tol·max|ref|·10.</summary>
    private static void AssertClose(string what, float[] actual, float[] expected, double tol)
    {
        actual.Length.Should().Be(expected.Length, what);
        double diff = 0, norm = 0, maxRef = 0, maxErr = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            double d = actual[i] - expected[i];
            diff += d * d;
            norm += (double)expected[i] * expected[i];
            maxRef = Math.Max(maxRef, Math.Abs(expected[i]));
            maxErr = Math.Max(maxErr, Math.Abs(d));
        }
        norm.Should().BeGreaterThan(0, $"{what} is all zeros in torch, so the comparison would be vacuous");
        Math.Sqrt(diff / norm).Should().BeLessThan(tol, $"{what}: relative L2 error");
        maxErr.Should().BeLessThan(10 * tol * maxRef, $"{what}: worst element");
    }

    private static void WriteFloats(string path, float[] v) => File.WriteAllBytes(path, v.SelectMany(BitConverter.GetBytes).ToArray());

    private static float[] ReadFloats(string path)
    {
        var b = File.ReadAllBytes(path);
        var f = new float[b.Length / 4];
        Buffer.BlockCopy(b, 0, f, 0, b.Length);
        return f;
    }
}
