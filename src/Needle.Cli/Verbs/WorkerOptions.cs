using System.CommandLine;
using System.Text.Json.Nodes;
using Needle.Search.Running;
using Needle.Search.Study;
using Needle.Search.Workers;

namespace Needle.Cli.Verbs;

/// <summary>
/// The worker side of <c>needle race</c> (docs/postgres-study.md): opens the study named by <c>--study</c> — a SQLite
/// file as before, or a shared PostgreSQL study wrapped in retries — with the host id, checkpoint store and outage
/// limit this worker runs with.
/// </summary>
internal sealed class WorkerOptions
{
    private readonly Option<string?> _hostId = new("--host-id") { Description = "Name this worker's sessions carry (default: the machine name). Workers with another host id are judged dead only by heartbeat age." };
    private readonly Option<string> _store = new Option<string>("--checkpoint-store") { Description = "directory (default: --checkpoints, a directory every host can read) or database (PostgreSQL studies: checkpoints as bytea in the study database).", DefaultValueFactory = _ => "directory" }.OneOf("directory", "database");
    private readonly Option<double> _outage = new("--db-outage-limit") { Description = "PostgreSQL studies: seconds a worker keeps retrying an unreachable database (backoff 0.2 s doubling to 5 s) before it stops with its trials checkpointed. Must be below --stale-after.", DefaultValueFactory = _ => 60 };
    private readonly Option<double> _heartbeat = new("--heartbeat-every") { Description = "Seconds between this worker's heartbeats (reports also beat). Must be well below --stale-after.", DefaultValueFactory = _ => 10 };
    private readonly Option<int> _poll = new("--peer-poll-ms") { Description = "With nothing to claim, look again this often while other workers still run trials (always on for PostgreSQL studies; for a SQLite file only when given).", DefaultValueFactory = _ => 500 };

    public void AddTo(Command command)
    {
        command.Options.Add(_hostId);
        command.Options.Add(_store);
        command.Options.Add(_outage);
        command.Options.Add(_poll);
        command.Options.Add(_heartbeat);
    }

    /// <summary>The heartbeat interval; refused unless at most half of <paramref name="staleAfter"/> (one late beat must not look like death).</summary>
    public TimeSpan HeartbeatEvery(ParseResult parse, TimeSpan staleAfter)
    {
        var beat = TimeSpan.FromSeconds(parse.GetValue(_heartbeat));
        if (beat <= TimeSpan.Zero || beat * 2 > staleAfter)
            throw new CliInputException($"--heartbeat-every {beat.TotalSeconds:0.###} s must be positive and at most half of --stale-after {staleAfter.TotalSeconds:0.###} s.");
        return beat;
    }

    public OpenedStudy Open(ParseResult parse, StudyLocation location, TimeSpan staleAfter)
    {
        var hostId = parse.GetValue(_hostId);
        IProcessProbe probe = hostId is { Length: > 0 } ? new HostIdProbe(new OsProcessProbe(), hostId) : new OsProcessProbe();
        var store = parse.GetValue(_store)!;
        if (location.Backend == StudyBackend.Sqlite)
        {
            if (store == "database")
                throw new CliInputException($"--checkpoint-store database keeps checkpoints in a PostgreSQL study; {location.Display} is a SQLite file. Use --checkpoint-store directory.");
            // Several processes on one SQLite file wait for each other only when asked (--peer-poll-ms given).
            var sqlitePoll = parse.GetResult(_poll) is { Implicit: false } ? TimeSpan.FromMilliseconds(Math.Max(1, parse.GetValue(_poll))) : (TimeSpan?)null;
            return new OpenedStudy(new SqliteStudyStorage(location.FilePath!), probe, sqlitePoll, null, null);
        }
        var limit = TimeSpan.FromSeconds(parse.GetValue(_outage));
        if (limit <= TimeSpan.Zero || limit >= staleAfter)
            throw new CliInputException(
                $"--db-outage-limit {limit.TotalSeconds:0.###} s must be positive and below --stale-after {staleAfter.TotalSeconds:0.###} s: " +
                "a worker cut off from the database must stop before its peers may take its trial over.");
        var poll = parse.GetValue(_poll);
        if (poll < 1) throw new CliInputException($"--peer-poll-ms {poll} must be a positive number of milliseconds.");
        var retry = new StudyRetry(limit, TimeProvider.System, line => CliConsole.Error.WriteLine(line), location.Display);
        var raw = retry.Run(() => new PostgresStudyStorage(location.ConnectionString, location.Display));
        var storage = new ResilientStudyStorage(raw, retry);
        ICheckpointStore? checkpoints = store == "database" ? new DatabaseCheckpointStore(raw, retry, TimeProvider.System) : null;
        return new OpenedStudy(storage, probe, TimeSpan.FromMilliseconds(poll), retry, checkpoints);
    }

    /// <summary>Beside the SQLite file; for a database, in the working directory, named after database and study.</summary>
    public string DefaultCheckpointDirectory(StudyLocation location, StudyRecord study) =>
        location.Backend == StudyBackend.Sqlite
            ? location.FilePath + ".checkpoints"
            : Path.GetFullPath($"{location.Database}-{study.Name}.checkpoints");

    /// <summary>The hosts that worked on the study: host → sessions and rung decisions made there.</summary>
    public static JsonObject HostsJson(IStudyStorage storage, long studyId)
    {
        var sessions = storage.GetSessions(studyId);
        var decisions = storage.GetRungDecisions(studyId).Where(d => d.SessionId is not null).GroupBy(d => d.SessionId!.Value).ToDictionary(g => g.Key, g => g.Count());
        var hosts = new JsonObject();
        foreach (var g in sessions.GroupBy(s => s.Host).OrderBy(g => g.Key, StringComparer.Ordinal))
            hosts[g.Key] = new JsonObject { ["sessions"] = g.Count(), ["decisions"] = g.Sum(s => decisions.GetValueOrDefault(s.Id)) };
        return hosts;
    }
}

/// <summary>An opened study with what the race needs from the worker options.</summary>
internal sealed class OpenedStudy(IStudyStorage storage, IProcessProbe probe, TimeSpan? peerPoll, StudyRetry? retry, ICheckpointStore? checkpoints) : IDisposable
{
    public IStudyStorage Storage => storage;
    public IProcessProbe Probe => probe;

    /// <summary>Worker mode (PostgreSQL): wait for peers instead of ending while trials still run elsewhere.</summary>
    public TimeSpan? PeerPoll => peerPoll;

    /// <summary>Cancelled when the database stayed unreachable past the limit.</summary>
    public CancellationToken Outage => retry?.Outage ?? CancellationToken.None;

    public ITrialRunner WithCheckpointStore(ITrialRunner runner) => checkpoints is null ? runner : new CheckpointStoreRunner(runner, checkpoints);

    /// <summary>What an outage stop tells the user: why, and where the checkpoints the study could not record are.</summary>
    public string OutageReport(Exception? e)
    {
        var lines = new List<string> { "error: " + (e?.Message ?? $"the study database could not be reached for {retry?.OutageLimit.TotalSeconds:0} s") + "; this worker stopped." };
        if (storage is ResilientStudyStorage resilient)
            foreach (var (trial, cp) in resilient.Unrecorded.OrderBy(kv => kv.Key))
                lines.Add($"  trial {trial}: checkpointed at step {cp.Step} in {cp.Location} (not recorded in the study; peers resume it from its last recorded checkpoint after --stale-after)");
        lines.Add("Nothing is lost: reports are kept once each, and any worker requeues this worker's trials once its heartbeat is older than --stale-after.");
        return string.Join(Environment.NewLine, lines);
    }

    public void Dispose() => storage.Dispose();
}
