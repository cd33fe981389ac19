namespace Needle.Search.Workers;

/// <summary>The study database could not be reached for longer than the worker's outage limit; the worker stops.</summary>
public sealed class StudyUnreachableException(string message, Exception? inner = null) : Exception(message, inner);
