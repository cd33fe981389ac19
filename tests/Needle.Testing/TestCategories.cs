namespace Needle.Testing;

/// <summary>The xunit trait values of shared/DESIGN.md §3; use as <c>[Trait(TestCategories.Key, TestCategories.Smoke)]</c>.</summary>
public static class TestCategories
{
    public const string Key = "Category";
    public const string Smoke = "Smoke";
    public const string Falsification = "Falsification";
    public const string Audit = "Audit";
    public const string Parity = "Parity";
    public const string Snapshot = "Snapshot";
    public const string Training = "Training";

    /// <summary>Second trait on falsification tests: <c>[Trait(TestCategories.VectorKey, "V3")]</c>.</summary>
    public const string VectorKey = "Vector";
}
