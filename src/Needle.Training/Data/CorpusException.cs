namespace Needle.Training.Data;

/// <summary>The corpus is missing, unreadable or not the canonical TinyShakespeare; the message says what to do.</summary>
public sealed class CorpusException(string message) : Exception(message);
