namespace Needle.Training.Formats;

/// <summary>A format name that is not one of the canon names — always a hard error, never a silent FP32.</summary>
public sealed class UnknownNumberFormatException(string name)
    : ArgumentException(
        $"unknown number format '{name}'; valid formats are {string.Join(", ", NumberFormats.Names)} (exact spelling)")
{
    /// <summary>The rejected name as given.</summary>
    public string RequestedName { get; } = name;
}
