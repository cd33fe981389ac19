namespace Needle.Audit.Tests.Support;

/// <summary>
/// A temporary copy of the repository's assertions/ and proofs/ in which a test plants one fault. The
/// audit runs against the copy (RepoRoot = the sandbox), so the repository itself is never touched.
/// </summary>
public sealed class AuditSandbox : IDisposable
{
    public AuditSandbox()
    {
        Root = Path.Combine(Path.GetTempPath(), "needle-audit-sandbox-" + Guid.NewGuid().ToString("N"));
        Copy(RepoPaths.InRepo("assertions"), Path.Combine(Root, "assertions"));
        Copy(RepoPaths.InRepo("proofs"), Path.Combine(Root, "proofs"));
        // Committed evidence files cite commits of the checkout, which the copy (outside git) cannot verify: the
        // sandbox starts with none, and a test plants the evidence it judges.
        var evidence = Path.Combine(Root, "assertions", "evidence");
        if (Directory.Exists(evidence))
            foreach (var file in Directory.GetFiles(evidence)) File.Delete(file);
    }

    public string Root { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>Rewrites a file; fails the test if the edit changed nothing (a planted fault must really be planted).</summary>
    public void Edit(string relative, Func<string, string> change)
    {
        var path = PathOf(relative);
        var before = File.ReadAllText(path);
        var after = change(before);
        after.Should().NotBe(before, $"the fault must actually be planted in {relative}");
        File.WriteAllText(path, after);
    }

    /// <summary>Replaces exactly one occurrence of <paramref name="from"/>.</summary>
    public void Replace(string relative, string from, string to) => Edit(relative, text =>
    {
        var at = text.IndexOf(from, StringComparison.Ordinal);
        at.Should().BeGreaterThanOrEqualTo(0, $"'{from}' must occur in {relative}");
        return text[..at] + to + text[(at + from.Length)..];
    });

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { /* temp folder; harmless if left */ }
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            if (file.EndsWith(".vo", StringComparison.Ordinal) || file.EndsWith(".vok", StringComparison.Ordinal)
                || file.EndsWith(".vos", StringComparison.Ordinal) || file.EndsWith(".glob", StringComparison.Ordinal)) continue;
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
