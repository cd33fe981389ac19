namespace Needle.Training.Models.Families;

/// <summary>Canon model names of the families beyond the engine's <c>attn</c> (as canon names spell them).</summary>
public static class FamilyNames
{
    public const string TrainV2 = "TRAIN_V2";
    public const string Hybrid = "HYBRID";
    public const string JepaT = "JEPA-T";
}
