using Needle.Search.History;
using Needle.Search.Running;
using Needle.Search.Study;
using Needle.Search.Tests.Running;
using Needle.Training.Data;

namespace Needle.Search.Tests.History;

/// <summary>A real (tiny) history: two configs trained for real on the corpus to a 20/60 ladder, built into a temp study.</summary>
public sealed class TinyHistory : IDisposable
{
    public const string SpaceJson = """
        { "name": "tiny-history", "masterSeed": 5, "ladder": [20, 60], "eta": 3, "reportEvery": 10,
          "seeds": [1], "extraSeeds": [2], "fixed": { "threads": 1, "ctx": 16, "batch": 2 },
          "configs": [
            { "id": "H0001", "origin": "phi-grid", "multiSeed": true, "model": "attn", "d_model": 16, "layers": 1, "heads": 2, "lr": 0.003 },
            { "id": "H0002", "origin": "random", "model": "TRAIN_V2", "d_model": 16, "hidden": 32, "lr": 0.004 },
            { "id": "H0003", "origin": "random", "model": "attn", "d_model": 16, "layers": 1, "heads": 2, "lr": 900, "warmup": 0 } ] }
        """;

    public static readonly Lazy<TinyShakespeare> Corpus = new(() => TinyShakespeare.Load());

    private static readonly SemaphoreSlim BuiltGate = new(1, 1);
    private static TinyHistory? _built;

    /// <summary>
    /// A copy of one tiny history built once per test run (the build is real training: a few seconds on a loaded
    /// machine), in a fresh directory the caller owns and may change.
    /// </summary>
    public static async Task<TinyHistory> BuiltCopy(CancellationToken ct)
    {
        await BuiltGate.WaitAsync(ct);
        try
        {
            if (_built is null)
            {
                var h = new TinyHistory();
                await h.Build(ct);
                _built = h;
            }
        }
        finally
        {
            BuiltGate.Release();
        }
        var copy = new TinyHistory();
        foreach (var file in System.IO.Directory.GetFiles(_built.Directory, "history.db*"))
            File.Copy(file, Path.Combine(copy.Directory, Path.GetFileName(file)));
        copy.Log.Write(_built.Log.ToString());
        return copy;
    }

    public TinyHistory()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("needle-history-").FullName;
        StudyPath = Path.Combine(Directory, "history.db");
        Space = HistorySpace.Parse(SpaceJson, "tiny.json");
    }

    public string Directory { get; }
    public string StudyPath { get; }
    public HistorySpace Space { get; }
    public ManualTimeProvider Time { get; } = new();
    public StringWriter Log { get; } = new();

    public async Task<IReadOnlyDictionary<TrialState, int>> Build(CancellationToken ct, IProcessProbe? probe = null)
    {
        using var storage = new SqliteStudyStorage(StudyPath);
        return await new HistoryBuilder(storage, Corpus.Value, Space, Path.Combine(Directory, "ck"), 2, Time, Log, probe ?? new RaceFixture.FakeProbe()).RunAsync(ct);
    }

    public HistoryManifest Export(string outDir)
    {
        using var storage = new SqliteStudyStorage(StudyPath);
        return HistoryExport.Write(storage, storage.ListStudies().Single(), "tiny.json", outDir, Time);
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { /* temp */ }
    }
}
