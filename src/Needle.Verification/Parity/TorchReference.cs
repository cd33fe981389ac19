using System.Text.Json;
using System.Text.Json.Nodes;
using Needle.Core.Processes;
using Needle.Training.Models;
using Needle.Training.Run;

namespace Needle.Training.Parity;

/// <summary>
/// Runs the PyTorch reference (src/Needle.Verification/Parity/torch_reference.py, embedded in this assembly)
/// with /usr/bin/python3 — used only by parity tests and <c>needle bench train --vs-torch</c>, never by training.
/// </summary>
public static class TorchReference
{
    public const string Python = "/usr/bin/python3";
    public const string InstallHint = "apt-get install python3-torch libopenblas0-pthread";

    /// <summary>True when /usr/bin/python3 imports torch.</summary>
    public static bool Available()
    {
        try
        {
            var (code, _, _) = Execute(["-c", "import torch, numpy"], TimeSpan.FromSeconds(120));
            return code == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <summary>Writes the embedded script to <paramref name="directory"/> and returns its path.</summary>
    public static string ExtractScript(string directory)
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, "torch_reference.py");
        using var s = typeof(TorchReference).Assembly.GetManifestResourceStream("Needle.Verification.torch_reference.py")
                      ?? throw new InvalidOperationException("torch_reference.py is not embedded in Needle.Verification");
        using var f = File.Create(path);
        s.CopyTo(f);
        return path;
    }

    /// <summary>Runs the script; throws with stderr if it fails.</summary>
    public static string Run(string scriptDirectory, TimeSpan timeout, params string[] args)
    {
        string script = ExtractScript(scriptDirectory);
        var (code, stdout, stderr) = Execute([script, .. args], timeout);
        if (code != 0) throw new InvalidOperationException($"{Python} {Path.GetFileName(script)} {args.FirstOrDefault()} failed with exit code {code}:\n{stderr}");
        return stdout;
    }

    private static ProcessOutcome Execute(string[] args, TimeSpan timeout)
    {
        // OpenBLAS/OMP threads are set explicitly by the script (torch.set_num_threads); keep the environment from overriding it.
        var outcome = ProcessRunner.Run(Python, args, timeout: timeout, unsetEnvironment: ["OMP_NUM_THREADS"]);
        return outcome.TimedOut ? throw new TimeoutException($"{Python} did not finish within {timeout}") : outcome;
    }

    /// <summary>The model description the script reads: config (snake_case) and every tensor's name, shape, offset, decay flag.</summary>
    public static JsonObject Describe(ILanguageModel model)
    {
        var cfg = JsonNode.Parse(new TrainConfig { Model = model.Config }.ToJson())!["model"]!.DeepClone();
        var tensors = new JsonArray();
        foreach (var t in model.Tensors)
            tensors.Add(new JsonObject
            {
                ["name"] = t.Name,
                ["shape"] = new JsonArray(t.Shape.Select(x => (JsonNode)x).ToArray()),
                ["offset"] = t.Offset,
                ["decay"] = t.Decay,
            });
        return new JsonObject { ["model"] = cfg, ["tensors"] = tensors, ["params"] = model.ParameterCount };
    }

    public static string ToJson(JsonObject o) => o.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}
