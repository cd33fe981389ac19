using Needle.Core.Checkouts;

namespace Needle.Core.Tests.Checkouts;

public sealed class CheckoutLocatorTests
{
    [Fact]
    public void A_starting_file_deep_inside_a_checkout_finds_its_root()
    {
        var file = RepoPaths.InRepo("assertions", "gates.json");
        CheckoutLocator.Find(file).Should().Be(RepoPaths.Root);
        CheckoutLocator.Find(RepoPaths.InRepo("src", "Needle.Core")).Should().Be(RepoPaths.Root);
    }

    [Fact]
    public void A_starting_point_in_another_checkout_wins_over_the_working_directory()
    {
        var other = Directory.CreateTempSubdirectory("needle-checkout-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(other, CheckoutLocator.Marker), "");
            var nested = Directory.CreateDirectory(Path.Combine(other, "data", "history")).FullName;
            CheckoutLocator.Find(Path.Combine(nested, "missing.jsonl")).Should().Be(Path.GetFullPath(other));
        }
        finally
        {
            Directory.Delete(other, recursive: true);
        }
    }

    [Fact]
    public void Starting_points_outside_any_checkout_fall_back_to_the_program_s_own_checkout()
    {
        // The test runs from bin/ inside this checkout, so the last fallback (the program's folder) finds it.
        CheckoutLocator.Find(Path.GetTempPath(), null, "").Should().Be(RepoPaths.Root);
    }
}
