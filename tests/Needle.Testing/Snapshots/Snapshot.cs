using System.Runtime.CompilerServices;
using System.Text;

namespace Needle.Testing.Snapshots;

/// <summary>
/// Verifies a rendered report against <c>&lt;TestFile&gt;.&lt;Test&gt;[.&lt;name&gt;].verified.md</c> beside the test's source
/// file. On a mismatch it writes <c>*.received.md</c> next to it and fails with a unified diff; with
/// NEEDLE_ACCEPT_SNAPSHOTS=1 (never under CI=true) it accepts the received text instead.
/// </summary>
public static class Snapshot
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Verifies <paramref name="rendered"/>; the caller's file and member name the snapshot.</summary>
    public static void Verify(string rendered, string? name = null,
        [CallerFilePath] string sourceFile = "", [CallerMemberName] string member = "")
    {
        var directory = Path.GetDirectoryName(ResolveSource(sourceFile))!;
        var stem = $"{Path.GetFileNameWithoutExtension(sourceFile)}.{member}{(name is null ? "" : "." + name)}";
        VerifyAt(rendered, Path.Combine(directory, stem + ".verified.md"), SnapshotSettings.FromEnvironment());
    }

    /// <summary>The verifier itself, with explicit paths and settings (what its own tests call).</summary>
    public static void VerifyAt(string rendered, string verifiedPath, SnapshotSettings settings)
    {
        var receivedPath = verifiedPath.EndsWith(".verified.md", StringComparison.Ordinal)
            ? verifiedPath[..^".verified.md".Length] + ".received.md"
            : throw new ArgumentException("snapshot files end with .verified.md", nameof(verifiedPath));
        var received = Normalise(SnapshotScrubber.Scrub(rendered));
        var verified = File.Exists(verifiedPath) ? Normalise(File.ReadAllText(verifiedPath)) : null;

        if (verified == received)
        {
            if (File.Exists(receivedPath)) File.Delete(receivedPath);
            return;
        }
        if (settings.MayAccept)
        {
            File.WriteAllText(verifiedPath, received, Utf8);
            if (File.Exists(receivedPath)) File.Delete(receivedPath);
            return;
        }
        File.WriteAllText(receivedPath, received, Utf8);
        var how = settings.InCi
            ? "CI=true: snapshots are never accepted in CI; accept locally with NEEDLE_ACCEPT_SNAPSHOTS=1 and commit the .verified.md."
            : "If the change is intended, rerun with NEEDLE_ACCEPT_SNAPSHOTS=1 (or copy the .received.md over the .verified.md) and commit it.";
        if (verified is null)
            throw new SnapshotMismatchException(
                $"No committed snapshot {verifiedPath}; the rendered text is in {receivedPath}.\n{how}");
        throw new SnapshotMismatchException(
            $"Snapshot mismatch: {verifiedPath}\nreceived: {receivedPath}\n{how}\n\n" +
            UnifiedDiff.Create(verified, received, Path.GetFileName(verifiedPath), Path.GetFileName(receivedPath)));
    }

    /// <summary>
    /// The source folder from [CallerFilePath]. Deterministic CI builds map source paths to "/_/…"; those are
    /// re-rooted at the checkout so snapshots are found under CI=true as well.
    /// </summary>
    public static string ResolveSource(string sourceFile)
    {
        if (File.Exists(sourceFile)) return sourceFile;
        var mapped = sourceFile.Replace('\\', '/');
        if (mapped.StartsWith("/_/", StringComparison.Ordinal))
            return Path.Combine(RepoPaths.Root, mapped[3..]);
        throw new FileNotFoundException($"test source {sourceFile} not found; snapshots live beside the test source, so run tests from a checkout");
    }

    private static string Normalise(string text) => text.ReplaceLineEndings("\n").TrimEnd('\n') + "\n";
}
