namespace Needle.Search.Plans;

/// <summary>A plan file that cannot be run; the message names the file, the field and what to do.</summary>
public sealed class PlanFileException(string message, Exception? inner = null) : Exception(message, inner);
