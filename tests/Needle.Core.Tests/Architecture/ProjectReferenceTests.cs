using System.Xml.Linq;

namespace Needle.Core.Tests.Architecture;

/// <summary>
/// The project graph's rules (docs/architecture.md), read from the .csproj files themselves: Search does not
/// reference Training (the engine runner lives in Needle.Trials), Audit references only Core (the CLI hands it the
/// assemblies to reflect over), and nothing under src/ reaches into tests/.
/// </summary>
public sealed class ProjectReferenceTests
{
    private static readonly string Src = RepoPaths.InRepo("src");

    /// <summary>Every src project's file name → the file names of the projects it references.</summary>
    private static Dictionary<string, List<string>> References() =>
        Directory.GetFiles(Src, "*.csproj", SearchOption.AllDirectories).ToDictionary(
            p => Path.GetFileNameWithoutExtension(p),
            p => XDocument.Load(p).Descendants("ProjectReference")
                .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value)).ToList());

    /// <summary>Every path a src project names (references, embedded resources, linked files), resolved.</summary>
    private static IEnumerable<(string Project, string Path)> NamedPaths() =>
        from p in Directory.GetFiles(Src, "*.csproj", SearchOption.AllDirectories)
        from e in XDocument.Load(p).Descendants()
        from a in e.Attributes().Where(a => a.Name.LocalName is "Include" or "Update" or "Link")
        where a.Value.Contains('/') || a.Value.Contains('\\')
        select (Path.GetFileName(p), Path.GetFullPath(Path.Combine(Path.GetDirectoryName(p)!, a.Value.Replace('\\', '/'))));

    [Fact]
    public void The_graph_is_read_from_real_project_files()
    {
        // Guards the other facts against passing on an empty or misread tree.
        var refs = References();
        refs.Keys.Should().Contain(["Needle.Core", "Needle.Search", "Needle.Training", "Needle.Audit", "Needle.Cli"]);
        refs["Needle.Cli"].Should().Contain("Needle.Search");
    }

    [Fact]
    public void Search_does_not_reference_Training()
    {
        References()["Needle.Search"].Should().NotContain("Needle.Training");
    }

    [Fact]
    public void Audit_references_only_Core()
    {
        References()["Needle.Audit"].Should().Equal("Needle.Core");
    }

    [Fact]
    public void Core_references_no_project()
    {
        References()["Needle.Core"].Should().BeEmpty();
    }

    [Fact]
    public void Nothing_in_src_references_tests()
    {
        var tests = RepoPaths.InRepo("tests") + Path.DirectorySeparatorChar;
        NamedPaths().Where(x => x.Path.StartsWith(tests, StringComparison.Ordinal))
            .Select(x => $"{x.Project} → {x.Path}").Should().BeEmpty();
    }
}
