namespace Needle.Core.Canon;

/// <summary>One run of a deploy batch: its canon name and the hidden width it will train with.</summary>
public sealed record DeployCandidate(string Name, int Hidden);
