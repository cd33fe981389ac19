using System.Text.Json.Nodes;
using Needle.Core.Git;
using Needle.Core.Falsification;
using Needle.Core.Preregistration;

namespace Needle.Search.Accelerators.Proxies;

/// <summary>
/// Writes a V2/V4 evidence file (<c>assertions/evidence/V&lt;n&gt;.json</c>) through the one writer,
/// <see cref="EmpiricalEvidence"/>: the verdict is the pre-registered predicate's on the statistic, the commit the
/// checkout's HEAD (the code that measured). Only suites call it, on real data.
/// </summary>
public static class EvidenceFile
{
    public const string Schema = EmpiricalEvidence.Schema;

    public static string PathOf(string directory, string vector) => Path.Combine(directory, vector + ".json");

    /// <summary>SHA-256 of a file, lower-case hex.</summary>
    public static string Sha256Of(string path) => EmpiricalEvidence.Sha256Of(path);

    /// <summary>Writes the file; returns the verdict written ("holds" or "refuted", the predicate's own).</summary>
    public static string Write(
        string directory, string repositoryRoot, IEmpiricalClaim claim, string invariant, string suite, IReadOnlyDictionary<string, string> inputs,
        IReadOnlyDictionary<string, double> statistic, string command, string notes, JsonNode? details = null)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(statistic);
        var verdict = EmpiricalEvidence.VerdictOf(claim.Holds(statistic));
        var measured = claim.StatisticNames.ToDictionary(name => name, name => statistic[name]);
        new EmpiricalEvidence(claim.Vector, invariant, new GitCommitOracle(repositoryRoot).Head(), suite, inputs, measured, verdict, command, notes,
            details?.AsObject()).WriteTo(PathOf(directory, claim.Vector));
        return verdict;
    }
}
