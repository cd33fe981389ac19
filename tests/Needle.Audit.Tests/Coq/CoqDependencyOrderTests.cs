using Needle.Audit.Coq;

namespace Needle.Audit.Tests.Coq;

/// <summary>Step 3 compiles in dependency order, from the Requires, and refuses cycles.</summary>
public sealed class CoqDependencyOrderTests
{
    private static CoqIndex Ix(string file, params string[] requires) =>
        CoqIndex.Parse(file, string.Concat(requires.Select(r => $"From Needle.Igla Require Import {r}.\n")));

    [Fact]
    public void A_file_comes_after_what_it_requires_and_ties_keep_project_order()
    {
        var project = CoqProjectFile.Parse("-Q igla Needle.Igla\nigla/C.v\nigla/B.v\nigla/A.v\nigla/D.v\n");
        var order = CoqDependencyOrder.Order(project, new Dictionary<string, CoqIndex>
        {
            ["igla/C.v"] = Ix("igla/C.v", "B"), ["igla/B.v"] = Ix("igla/B.v", "A"), ["igla/A.v"] = Ix("igla/A.v"), ["igla/D.v"] = Ix("igla/D.v"),
        }, out var cycle);
        cycle.Should().BeNull();
        order.Should().Equal("igla/A.v", "igla/B.v", "igla/C.v", "igla/D.v");
    }

    [Fact]
    public void A_cycle_is_reported()
    {
        var project = CoqProjectFile.Parse("-Q igla Needle.Igla igla/A.v igla/B.v");
        CoqDependencyOrder.Order(project, new Dictionary<string, CoqIndex>
        {
            ["igla/A.v"] = Ix("igla/A.v", "B"), ["igla/B.v"] = Ix("igla/B.v", "A"),
        }, out var cycle);
        cycle.Should().Be("igla/A.v → igla/B.v → igla/A.v");
    }

    [Fact]
    public void The_repository_project_maps_files_to_logical_names()
    {
        var project = CoqProjectFile.Parse(File.ReadAllText(RepoPaths.InRepo("proofs", "_CoqProject")));
        project.LogicalName("igla/Lucas.v").Should().Be("Needle.Igla.Lucas");
        project.Files.Should().Contain("igla/Accelerators.v");
        project.LoadPathArguments().Should().Equal("-Q", "igla", "Needle.Igla");
    }
}
