using System.Text.Json.Nodes;
using Needle.Core.Git;
using Needle.Core.Falsification;

namespace Needle.Search.Accelerators;

/// <summary>
/// An accelerator's evidence file, <c>assertions/evidence/V&lt;n&gt;.json</c>, written through the one writer
/// (<see cref="EmpiricalEvidence"/>) only by the vector's falsification suite from a verdict it has just computed on real
/// data: the commit is the checkout's HEAD (the code that measured), the input files are hashed here.
/// <see cref="Needle.Core.Vectors.VectorEvidence.Read"/> reads it back as a vector state.
/// </summary>
public static class EvidenceWriter
{
    public static string Write(
        string repositoryRoot, string vector, string invariant, string suite, IReadOnlyList<string> inputFiles,
        IReadOnlyDictionary<string, double> statistic, bool holds, string command, string notes, JsonNode? details = null)
    {
        ArgumentNullException.ThrowIfNull(inputFiles);
        var inputs = inputFiles.ToDictionary(f => Path.GetRelativePath(repositoryRoot, f).Replace('\\', '/'), EmpiricalEvidence.Sha256Of);
        new EmpiricalEvidence(vector, invariant, new GitCommitOracle(repositoryRoot).Head(), suite, inputs, statistic,
            EmpiricalEvidence.VerdictOf(holds), command, notes, details?.AsObject()).Write(repositoryRoot);
        return Path.Combine(repositoryRoot, EmpiricalEvidence.RelativePathOf(vector));
    }
}
