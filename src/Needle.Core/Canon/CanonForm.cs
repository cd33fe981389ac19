namespace Needle.Core.Canon;

/// <summary>Which of the two upstream spellings a canon name uses; each fixes where the experiment id goes.</summary>
public enum CanonForm
{
    /// <summary><c>IGLA-&lt;MODEL&gt;-&lt;FORMAT&gt;[-&lt;TAG&gt;][-E&lt;NNNN&gt;]-seed&lt;N&gt;</c> (first plan).</summary>
    Seed,

    /// <summary><c>IGLA-&lt;MODEL&gt;-&lt;FORMAT&gt;[-E&lt;NNNN&gt;][-&lt;TAG&gt;]-rng&lt;N&gt;</c> (later plan).</summary>
    Rng,
}
