using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Needle.Search.Study;

namespace Needle.Search.History;

/// <summary>One configuration of the history: id, origin, whether it runs on the extra seeds, and its engine keys.</summary>
public sealed record HistoryConfig(string Id, string Origin, bool MultiSeed, IReadOnlyDictionary<string, string> Keys)
{
    /// <summary>The engine family (the <c>model</c> key; attn when absent).</summary>
    public string Family => Keys.TryGetValue("model", out var m) ? m : "attn";

    public string Format => Keys.TryGetValue("format", out var f) ? f : "FP32";

    /// <summary>The trial of this config on <paramref name="seed"/>: <c>IGLA-&lt;MODEL&gt;-&lt;FORMAT&gt;-HIST-E&lt;id&gt;-seed&lt;S&gt;</c>.</summary>
    public TrialSpec Spec(uint seed)
    {
        var model = Family == "attn" ? "ATTN" : Family;
        var number = int.Parse(Id.AsSpan(1), NumberStyles.Integer, CultureInfo.InvariantCulture);
        return new TrialSpec(string.Create(CultureInfo.InvariantCulture, $"IGLA-{model}-{Format}-HIST-E{number:D4}-seed{seed}"), seed, Keys);
    }

    /// <summary>The cross-validation fold (0–4), a pure function of the id (pre-registered: fold 0 is held out).</summary>
    public static int FoldOf(string configId) =>
        (int)(BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(configId)), 0) % 5);
}
