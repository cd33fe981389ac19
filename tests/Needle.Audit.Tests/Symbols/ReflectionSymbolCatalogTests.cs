using Needle.Core.Invariants;
using Needle.Audit.Symbols;
using Needle.Audit.Tests.Symbols.Fixtures;

namespace Needle.Audit.Tests.Symbols
{
    /// <summary>Steps 6 and 7 look C# up by reflection; here against an injected assembly set (this test assembly).</summary>
    public sealed class ReflectionSymbolCatalogTests
    {
        private static readonly ReflectionSymbolCatalog Catalog = new([typeof(SampleEnforcer).Assembly]);

        [Fact]
        public void Citations_on_types_and_members_are_found()
        {
            Catalog.Citations.Should().ContainEquivalentOf(new InvariantCitation("INV-900", "Needle.Audit.Tests.Symbols.Fixtures.SampleEnforcer", "Needle.Audit.Tests"));
            Catalog.Citations.Should().ContainEquivalentOf(new InvariantCitation("INV-901", "Needle.Audit.Tests.Symbols.Fixtures.SampleEnforcer.Check", "Needle.Audit.Tests"));
            Catalog.Citations.Should().ContainEquivalentOf(new InvariantCitation("INV-902", "Needle.Audit.Tests.Symbols.Fixtures.SampleEnforcer.Inner", "Needle.Audit.Tests"));
        }

        [Theory]
        [InlineData("Needle.Audit.Tests.Symbols.Fixtures.SampleEnforcer", true)]
        [InlineData("Needle.Audit.Tests.Symbols.Fixtures.SampleEnforcer.Check", true)]
        [InlineData("Needle.Audit.Tests.Symbols.Fixtures.SampleEnforcer.Limit", true)]
        [InlineData("Needle.Audit.Tests.Symbols.Fixtures.SampleEnforcer.Inner", true)]
        [InlineData("Needle.Audit.Tests.Symbols.Fixtures.SampleEnforcer.Inner.Depth", true)]
        [InlineData("Needle.Audit.Tests.Symbols.Fixtures.SampleEnforcer.Absent", false)]
        [InlineData("Needle.Audit.Tests.Symbols.Fixtures.Nowhere", false)]
        [InlineData("Check", false)]
        public void Members_are_resolved_by_full_name(string name, bool exists) =>
            Catalog.MemberExists(name).Should().Be(exists);

        [Theory]
        [InlineData("Needle.Audit.Tests.Symbols.Fixtures.SampleEnforcer.Limit", 42.0)]
        [InlineData("Needle.Audit.Tests.Symbols.Fixtures.SampleEnforcer.Rate", 0.5)]
        [InlineData("Needle.Audit.Tests.Symbols.Fixtures.SampleEnforcer.Ratio", 0.25)]
        [InlineData("Needle.Audit.Tests.Symbols.Fixtures.SampleEnforcer.Inner.Depth", 7.0)]
        public void Numeric_constants_are_read(string name, double value) =>
            Catalog.ReadConstant(name, out _)!.Value.Should().Be(value);

        [Theory]
        [InlineData("Needle.Audit.Tests.Symbols.Fixtures.SampleEnforcer.Label", "not numeric")]
        [InlineData("Needle.Audit.Tests.Symbols.Fixtures.SampleEnforcer.Check", "not a static field or property")]
        [InlineData("Needle.Audit.Tests.Symbols.Fixtures.SampleEnforcer.Missing", "has no member Missing")]
        [InlineData("Needle.Audit.Tests.Symbols.Fixtures.Gone.Value", "no type Needle.Audit.Tests.Symbols.Fixtures.Gone")]
        public void Unreadable_constants_say_why(string name, string why)
        {
            Catalog.ReadConstant(name, out var whyNot).Should().BeNull();
            whyNot.Should().Contain(why);
        }

        [Fact]
        public void The_default_catalog_searches_every_enforcing_layer_and_finds_this_branch_citations()
        {
            var needle = ReflectionSymbolCatalog.ForNeedle();
            needle.AssemblyNames.Should().Equal("Needle.Core", "Needle.Ledger", "Needle.Training", "Needle.Search", "Needle.Trials", "Needle.Verification", "Needle.Audit");
            needle.Citations.Select(c => c.InvariantId).Should().Contain(["INV-1", "INV-2", "INV-5", "INV-7", "INV-17", "INV-21", "INV-27"]);
            needle.ReadConstant("Needle.Core.Phi.PhiConstants.Phi", out _)!.Value.Should().Be((1 + Math.Sqrt(5)) / 2);
        }
    }
}

namespace Needle.Audit.Tests.Symbols.Fixtures
{
    /// <summary>A stand-in enforcer for the catalog tests (ids ≥ 900 so it never collides with the registry).</summary>
    [Invariant("INV-900")]
    public static class SampleEnforcer
    {
        public const int Limit = 42;
        public static readonly double Ratio = 0.25;
        public static double Rate => 0.5;
        public const string Label = "x";

        [Invariant("INV-901")]
        public static bool Check() => true;

        [Invariant("INV-902")]
        public static class Inner
        {
            public const long Depth = 7;
        }
    }
}
