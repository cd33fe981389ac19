using Needle.Audit.Checks;

namespace Needle.Audit.Empirical;

/// <summary>
/// Step 8, the plan's side: is the committed ledger sealed to the current pre-registration? The rule belongs to
/// Needle.Ledger, which the audit does not reference (Needle.Audit depends only on Needle.Core), so the caller
/// supplies it through <see cref="AuditOptions.SealCheck"/>; the CLI passes its <c>PreregistrationSealCheck</c>.
/// </summary>
public interface IPreregistrationSealCheck
{
    /// <summary>The findings for the repository at <paramref name="repositoryRoot"/> (none when it is sealed or has no ledger).</summary>
    IEnumerable<AuditFinding> Run(string repositoryRoot);
}
