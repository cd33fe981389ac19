using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Needle.Core.Processes;

namespace Needle.Audit.Coq;

/// <summary>
/// Drives the real coqc: copies proofs/ to a temporary folder, compiles the files in dependency order
/// (so no .vo ever lands in the repository), and runs <c>Print Assumptions</c> on the cited theorems.
/// An optional cache folder keys each .vo by the hash of its source, its dependencies' keys and the coqc
/// version, so a test class that plants one fault at a time recompiles only the changed file and its
/// dependents.
/// </summary>
public sealed partial class CoqCompiler
{
    private static readonly TimeSpan PerFileTimeout = TimeSpan.FromMinutes(5);
    private readonly string? _cacheDirectory;
    private readonly Lazy<string> _version;

    public CoqCompiler(string coqcPath, string? cacheDirectory = null)
    {
        CoqcPath = coqcPath;
        _cacheDirectory = cacheDirectory;
        _version = new Lazy<string>(() => ProcessRunner.Run(CoqcPath, ["--version"], Path.GetTempPath(), TimeSpan.FromMinutes(1)).StdOut.Trim());
    }

    public string CoqcPath { get; }

    /// <summary>"The Coq Proof Assistant, version 8.16.1 …".</summary>
    public string Version => _version.Value;

    /// <summary>coqc from NEEDLE_COQC, else from PATH; null when absent.</summary>
    public static string? Locate() =>
        Environment.GetEnvironmentVariable("NEEDLE_COQC") is { Length: > 0 } env && File.Exists(env) ? env : ProcessRunner.FindOnPath("coqc");

    public const string InstallHint = "sudo apt-get install coq (Debian/Ubuntu; ci/setup does this)";

    [GeneratedRegex(@"line (\d+), characters")]
    private static partial Regex LinePattern();

    /// <summary>Compiles <paramref name="order"/> (files relative to <paramref name="proofsRoot"/>) in a fresh temp copy.</summary>
    public CoqBuild Compile(string proofsRoot, CoqProjectFile project, IReadOnlyList<string> order)
    {
        var work = Path.Combine(Path.GetTempPath(), "needle-coq-" + Guid.NewGuid().ToString("N"));
        CopyTree(proofsRoot, work);
        var results = new List<CoqFileResult>();
        var keys = new Dictionary<string, string>();
        var failed = new HashSet<string>();
        var indexes = order.ToDictionary(f => f, f => CoqIndex.Parse(f, File.ReadAllText(Path.Combine(work, f))));
        var byLogical = order.Where(f => project.LogicalName(f) is not null).ToDictionary(f => project.LogicalName(f)!, f => f);
        foreach (var file in order)
        {
            var deps = indexes[file].Requires.Select(r => byLogical.GetValueOrDefault(r.Module)
                                                         ?? byLogical.FirstOrDefault(kv => kv.Key.EndsWith("." + r.Module, StringComparison.Ordinal)).Value)
                .OfType<string>().Where(d => d != file).Distinct().ToList();
            var blocker = deps.FirstOrDefault(failed.Contains);
            if (blocker is not null)
            {
                failed.Add(file);
                results.Add(new CoqFileResult(file, false, null, null, blocker));
                continue;
            }
            var key = Key(work, file, deps.Select(d => keys[d]));
            keys[file] = key;
            var vo = Path.Combine(work, file[..^2] + ".vo");
            if (_cacheDirectory is not null && File.Exists(Path.Combine(_cacheDirectory, key + ".vo")))
            {
                File.Copy(Path.Combine(_cacheDirectory, key + ".vo"), vo, overwrite: true);
                results.Add(new CoqFileResult(file, true, null, null, null));
                continue;
            }
            var (code, stdout, stderr) = ProcessRunner.Run(CoqcPath, [.. project.LoadPathArguments(), "-no-glob", file], work, PerFileTimeout);
            if (code == 0 && File.Exists(vo))
            {
                if (_cacheDirectory is not null)
                {
                    Directory.CreateDirectory(_cacheDirectory);
                    File.Copy(vo, Path.Combine(_cacheDirectory, key + ".vo"), overwrite: true);
                }
                results.Add(new CoqFileResult(file, true, null, null, null));
                continue;
            }
            failed.Add(file);
            var output = (stderr + "\n" + stdout).Trim();
            var line = LinePattern().Match(output) is { Success: true } m ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : (int?)null;
            var errorAt = output.IndexOf("Error:", StringComparison.Ordinal);
            var error = (errorAt >= 0 ? output[errorAt..] : output).ReplaceLineEndings(" ").Trim();
            results.Add(new CoqFileResult(file, false, line, error.Length > 400 ? error[..400] + " …" : error, null));
        }
        return new CoqBuild(work, project, results);
    }

    /// <summary>
    /// Runs Print Assumptions for each (file, theorem) of a compiled build. Returns the parsed output per
    /// theorem, or the tool's error when the query itself failed.
    /// </summary>
    public (IReadOnlyDictionary<(string File, string Theorem), PrintAssumptions> Results, string? Error) PrintAssumptions(
        CoqBuild build, IReadOnlyList<(string File, string Theorem)> queries)
    {
        var results = new Dictionary<(string, string), PrintAssumptions>();
        if (queries.Count == 0) return (results, null);
        var script = new StringBuilder();
        foreach (var module in queries.Select(q => build.Project.LogicalName(q.File)).Distinct())
            script.Append("Require ").Append(module).AppendLine(".");
        for (var i = 0; i < queries.Count; i++)
            script.Append("Redirect \"needle_assumptions_").Append(i).Append("\" Print Assumptions ")
                .Append(build.Project.LogicalName(queries[i].File)).Append('.').Append(queries[i].Theorem).AppendLine(".");
        const string scriptName = "NeedleAuditAssumptions.v";
        File.WriteAllText(Path.Combine(build.WorkDirectory, scriptName), script.ToString());
        var (code, stdout, stderr) = ProcessRunner.Run(CoqcPath,
            [.. build.Project.LoadPathArguments(), "-no-glob", scriptName], build.WorkDirectory, PerFileTimeout);
        if (code != 0) return (results, (stderr + " " + stdout).ReplaceLineEndings(" ").Trim());
        for (var i = 0; i < queries.Count; i++)
        {
            var outFile = Path.Combine(build.WorkDirectory, $"needle_assumptions_{i}.out");
            if (File.Exists(outFile)) results[queries[i]] = Coq.PrintAssumptions.Parse(File.ReadAllText(outFile));
        }
        return (results, null);
    }

    private string Key(string work, string file, IEnumerable<string> depKeys)
    {
        var text = Version + "\n" + file + "\n" + File.ReadAllText(Path.Combine(work, file)) + "\n" + string.Join(",", depKeys);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            // Copy only sources: a stray .vo in a developer's tree must not stand in for a fresh compile.
            if (file.EndsWith(".v", StringComparison.Ordinal) || Path.GetFileName(file) == "_CoqProject")
                File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }
}
