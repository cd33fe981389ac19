using System.Text.Json;

namespace Needle.Core.Contracts;

/// <summary>
/// Reads whole numbers out of a document its contract has already accepted. JSON Schema's <c>integer</c> admits a
/// whole number written with a fraction (<c>5000.0</c>), which <see cref="JsonElement.GetInt32"/> refuses, so a file
/// the contract passed would otherwise fail afterwards with a bare FormatException instead of being read.
/// </summary>
public static class ContractNumbers
{
    /// <summary>The element's value as an <see cref="int"/> (<c>7</c> and <c>7.0</c> alike).</summary>
    public static int Int32(JsonElement element) => element.TryGetInt32(out var v) ? v : checked((int)Whole(element));

    /// <summary>The element's value as a <see cref="uint"/> (<c>7</c> and <c>7.0</c> alike).</summary>
    public static uint UInt32(JsonElement element) => element.TryGetUInt32(out var v) ? v : checked((uint)Whole(element));

    /// <summary>The element's value as a <see cref="long"/> (<c>7</c> and <c>7.0</c> alike).</summary>
    public static long Int64(JsonElement element) => element.TryGetInt64(out var v) ? v : checked((long)Whole(element));

    private static double Whole(JsonElement element)
    {
        var d = element.GetDouble();
        if (!double.IsFinite(d) || d != Math.Floor(d))
            throw new FormatException($"{element.GetRawText()} is not a whole number; the contract should have refused it");
        return d;
    }
}
