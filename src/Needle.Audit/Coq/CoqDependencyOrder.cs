namespace Needle.Audit.Coq;

/// <summary>
/// Orders the project's files so each is compiled after the project files it Requires (a topological sort,
/// ties broken by _CoqProject order so the order is deterministic). Requires of the standard library are
/// ignored. A cycle is reported, not looped on.
/// </summary>
public static class CoqDependencyOrder
{
    public static IReadOnlyList<string> Order(CoqProjectFile project, IReadOnlyDictionary<string, CoqIndex> indexByFile, out string? cycle)
    {
        cycle = null;
        var byLogical = project.Files.Where(f => project.LogicalName(f) is not null)
            .ToDictionary(f => project.LogicalName(f)!, f => f, StringComparer.Ordinal);
        var deps = project.Files.ToDictionary(f => f, f =>
            indexByFile.TryGetValue(f, out var ix)
                ? ix.Requires.Select(r => ResolveModule(r.Module, byLogical)).OfType<string>().Where(d => d != f).Distinct().ToList()
                : []);
        var ordered = new List<string>();
        var state = new Dictionary<string, int>(); // 1 = visiting, 2 = done
        string? found = null;

        void Visit(string file, Stack<string> path)
        {
            if (found is not null || state.GetValueOrDefault(file) == 2) return;
            if (state.GetValueOrDefault(file) == 1)
            {
                found = string.Join(" → ", path.Reverse().SkipWhile(p => p != file).Append(file));
                return;
            }
            state[file] = 1;
            path.Push(file);
            foreach (var d in deps[file]) Visit(d, path);
            path.Pop();
            state[file] = 2;
            ordered.Add(file);
        }

        foreach (var f in project.Files) Visit(f, new Stack<string>());
        cycle = found;
        return ordered;
    }

    /// <summary>Matches a Require'd name to a project file: full logical name, or a unique suffix of one.</summary>
    private static string? ResolveModule(string module, Dictionary<string, string> byLogical)
    {
        if (byLogical.TryGetValue(module, out var exact)) return exact;
        var matches = byLogical.Where(kv => kv.Key.EndsWith("." + module, StringComparison.Ordinal)).Select(kv => kv.Value).ToList();
        return matches.Count == 1 ? matches[0] : null;
    }
}
