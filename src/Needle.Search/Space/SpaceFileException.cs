namespace Needle.Search.Space;

/// <summary>A search-space file is wrong: the message names the file, the line and the field, and what to do.</summary>
public sealed class SpaceFileException(string message, Exception? inner = null) : Exception(message, inner);
