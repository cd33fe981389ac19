using System.Text;
using System.Text.RegularExpressions;

namespace Needle.Cli.Tests;

/// <summary>
/// Every fenced <c>bash</c> block marked <c>&lt;!-- runnable --&gt;</c> in README.md and docs/*.md runs, line by line,
/// as the real <c>needle</c> in a fresh directory (so a block's commands see each other's files), and every line
/// exits 0. Runnable blocks are written on small instances (the quick space, tiny budgets) so this stays fast.
/// </summary>
public sealed partial class RunnableDocsTests
{
    public const string Marker = "<!-- runnable -->";

    public static TheoryData<string, int> Blocks()
    {
        var data = new TheoryData<string, int>();
        foreach (var (file, line, _) in FindBlocks()) data.Add(file, line);
        return data;
    }

    [Fact]
    public void The_readme_has_a_runnable_block_and_every_marker_is_followed_by_a_bash_block()
    {
        FindBlocks().Should().Contain(b => b.File == "README.md", "the README's first steps are tested");
        foreach (var path in DocFiles())
        {
            var lines = File.ReadAllLines(path);
            for (var i = 0; i < lines.Length; i++)
                if (lines[i].Trim() == Marker)
                    (i + 1 < lines.Length && lines[i + 1].Trim() == "```bash").Should()
                        .BeTrue($"{Path.GetRelativePath(RepoPaths.Root, path)}:{i + 1}: a runnable marker must sit right above a ```bash block");
        }
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    [Trait(TestCategories.Key, TestCategories.Smoke)]
    public void The_block_runs_and_every_command_succeeds(string file, int line)
    {
        var block = FindBlocks().Single(b => b.File == file && b.Line == line);
        var directory = Directory.CreateTempSubdirectory("needle-docs-").FullName;
        try
        {
            foreach (var command in block.Commands)
            {
                var args = Arguments(command.Text);
                args.Should().NotBeEmpty().And.Subject.First().Should()
                    .Be("needle", $"{file}:{command.Line}: runnable blocks hold needle commands (use `needle`, not a shell pipeline)");
                var (code, stdout, stderr) = NeedleProcess.RunIn(directory, null, args.Skip(1).ToArray());
                code.Should().Be(0, $"{file}:{command.Line}: `{command.Text}` must succeed.\nstdout: {Tail(stdout)}\nstderr: {Tail(stderr)}");
            }
        }
        finally
        {
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { /* temp dir */ }
        }
    }

    private sealed record Command(int Line, string Text);

    private sealed record Block(string File, int Line, IReadOnlyList<Command> Commands);

    private static IEnumerable<string> DocFiles() =>
        new[] { Path.Combine(RepoPaths.Root, "README.md") }
            .Concat(Directory.GetFiles(Path.Combine(RepoPaths.Root, "docs"), "*.md").Order(StringComparer.Ordinal));

    private static IEnumerable<Block> FindBlocks()
    {
        foreach (var path in DocFiles())
        {
            var lines = File.ReadAllLines(path);
            var name = Path.GetRelativePath(RepoPaths.Root, path).Replace('\\', '/');
            for (var i = 0; i + 1 < lines.Length; i++)
            {
                if (lines[i].Trim() != Marker || lines[i + 1].Trim() != "```bash") continue;
                var commands = new List<Command>();
                for (var j = i + 2; j < lines.Length && lines[j].Trim() != "```"; j++)
                {
                    var text = StripComment(lines[j]).Trim();
                    if (text.Length > 0) commands.Add(new Command(j + 1, text));
                }
                yield return new Block(name, i + 1, commands);
            }
        }
    }

    // "needle race   # comment" -> "needle race" (a '#' inside quotes is kept).
    private static string StripComment(string line)
    {
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] is '"' or '\'') quoted = !quoted;
            if (!quoted && line[i] == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1]))) return line[..i];
        }
        return line;
    }

    /// <summary>Shell-like words: whitespace separates, single or double quotes group.</summary>
    private static List<string> Arguments(string text) =>
        Word().Matches(text).Select(m => m.Groups["q"].Success ? m.Groups["q"].Value : m.Groups["s"].Success ? m.Groups["s"].Value : m.Value).ToList();

    private static string Tail(string text) => text.Length <= 1500 ? text : "…" + text[^1500..];

    [GeneratedRegex("""
        "(?<q>[^"]*)"|'(?<s>[^']*)'|[^\s"']+
        """)]
    private static partial Regex Word();
}
