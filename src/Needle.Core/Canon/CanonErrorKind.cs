namespace Needle.Core.Canon;

/// <summary>What exactly is wrong with a canon run name; one value per distinct mistake so callers can branch.</summary>
public enum CanonErrorKind
{
    Empty,
    MissingPrefix,
    UnknownModel,
    MissingFormat,
    UnknownFormat,
    MissingSeed,
    BadSeed,
    BadExperimentId,
    MisplacedExperimentId,
    BadTag,
}
