namespace Needle.Audit.Coq;

/// <summary>
/// proofs/_CoqProject: the load-path mappings (-Q/-R physical logical) and the .v files, in the order listed.
/// Paths are relative to the folder holding _CoqProject.
/// </summary>
public sealed record CoqProjectFile(IReadOnlyList<(string Directory, string LogicalPrefix)> Mappings, IReadOnlyList<string> Files)
{
    public static CoqProjectFile Parse(string text)
    {
        var mappings = new List<(string, string)>();
        var files = new List<string>();
        var tokens = text.Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries).ToList();
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i] is "-Q" or "-R" && i + 2 < tokens.Count) { mappings.Add((tokens[i + 1], tokens[i + 2])); i += 2; }
            else if (tokens[i] == "-arg" && i + 1 < tokens.Count) i++;
            else if (tokens[i].EndsWith(".v", StringComparison.Ordinal)) files.Add(tokens[i].Replace('\\', '/'));
        }
        return new CoqProjectFile(mappings, files);
    }

    /// <summary>The logical module name of a listed file (igla/Trinity.v under -Q igla Needle.Igla → Needle.Igla.Trinity).</summary>
    public string? LogicalName(string file)
    {
        foreach (var (dir, prefix) in Mappings)
        {
            var d = dir.TrimEnd('/') + "/";
            if (dir == "." ) d = "";
            if (!file.StartsWith(d, StringComparison.Ordinal)) continue;
            var rest = file[d.Length..^2].Replace('/', '.');
            return prefix.Length == 0 ? rest : prefix + "." + rest;
        }
        return null;
    }

    /// <summary>The -Q/-R arguments for coqc.</summary>
    public IEnumerable<string> LoadPathArguments() => Mappings.SelectMany(m => new[] { "-Q", m.Directory, m.LogicalPrefix });
}
