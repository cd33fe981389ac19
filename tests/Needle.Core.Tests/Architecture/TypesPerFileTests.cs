using System.Text.RegularExpressions;

namespace Needle.Core.Tests.Architecture;

/// <summary>
/// One type per file (docs/conventions.md, "Types and files"), read from the sources under src/: a file is named
/// after a type it declares (or, for a layer op, is the common prefix of its types: <c>Norm.cs</c> holds
/// <c>NormForward</c> and <c>NormBackwardInput</c>), and holds at most <see cref="MaxTypesPerFile"/> top-level types —
/// its main type and a few satellites (the enum or result record that exists only for it). Top-level declarations
/// are the ones at column 0: every file uses a file-scoped namespace (enforced by .editorconfig, IDE0161), so a
/// nested type is always indented.
/// </summary>
public sealed partial class TypesPerFileTests
{
    /// <summary>The main type plus at most four satellites.</summary>
    private const int MaxTypesPerFile = 5;

    [GeneratedRegex(@"^(?:(?:public|internal|file|sealed|static|abstract|partial|readonly|ref|unsafe)\s+)*(?:record\s+(?:struct|class)\s+|class\s+|struct\s+|record\s+|interface\s+|enum\s+)(?<name>[A-Za-z_][A-Za-z0-9_]*)", RegexOptions.Multiline)]
    private static partial Regex TopLevelDeclaration();

    internal static IReadOnlyList<string> TopLevelTypes(string source) =>
        [.. TopLevelDeclaration().Matches(source).Select(m => m.Groups["name"].Value)];

    private static IEnumerable<(string File, IReadOnlyList<string> Types)> SourceFiles()
    {
        var src = RepoPaths.InRepo("src");
        var sep = Path.DirectorySeparatorChar;
        return Directory.GetFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{sep}obj{sep}", StringComparison.Ordinal) && !f.Contains($"{sep}bin{sep}", StringComparison.Ordinal))
            .Select(f => (Path.GetRelativePath(RepoPaths.InRepo("."), f), TopLevelTypes(File.ReadAllText(f))))
            .Where(x => x.Item2.Count > 0)
            .OrderBy(x => x.Item1, StringComparer.Ordinal);
    }

    [Fact]
    public void Only_top_level_declarations_count()
    {
        const string source = """
            namespace N;

            /// <summary>A record.</summary>
            [Obsolete]
            public sealed record Outer(int X)
            {
                public sealed class Nested { }
            }

            internal readonly record struct Pair(int A, int B);
            public enum Kind { A, B }
            // class InAComment is not at column 0
            """;
        TopLevelTypes(source).Should().Equal("Outer", "Pair", "Kind");
    }

    [Fact]
    public void The_sources_are_read()
    {
        // Guards the rules below against passing on an empty or misread tree.
        SourceFiles().Should().Contain(x => x.File.EndsWith("CanonName.cs", StringComparison.Ordinal) && x.Types.Contains("CanonName"));
        SourceFiles().Count().Should().BeGreaterThan(300);
    }

    [Fact]
    public void Every_file_is_named_after_a_type_it_declares()
    {
        var hidden = SourceFiles()
            .Select(x => (x.File, x.Types, Name: Path.GetFileNameWithoutExtension(x.File)))
            .Where(x => !x.Types.Contains(x.Name) && !x.Types.All(t => t.StartsWith(x.Name, StringComparison.Ordinal)))
            .Select(x => $"{x.File} declares {string.Join(", ", x.Types)}");
        hidden.Should().BeEmpty("a file is named after its main type (a layer op's file: the prefix of its Forward/Backward types)");
    }

    [Fact]
    public void No_file_holds_more_than_its_type_and_a_few_satellites()
    {
        var crowded = SourceFiles().Where(x => x.Types.Count > MaxTypesPerFile)
            .Select(x => $"{x.File}: {x.Types.Count} types ({string.Join(", ", x.Types)})");
        crowded.Should().BeEmpty($"a file holds its main type and at most {MaxTypesPerFile - 1} satellites; give the others their own files");
    }
}
