using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Needle.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster for tests: initdb in a temporary directory, a free port on 127.0.0.1 (no Unix
/// socket outside that directory), password authentication (scram-sha-256) for user <c>needle</c>, fsync off (the
/// tests kill workers, never the machine). PostgreSQL refuses to run as root, so as root the server runs as the
/// system user <c>postgres</c> (Debian's package makes it) or, failing that, a system user <c>needle-pg</c> created
/// here. <see cref="Shared"/> is one cluster per test process, stopped when the process exits; each test class makes
/// its own database with <see cref="CreateDatabase"/>. Without the server binaries a test skips with the install hint
/// (fails under CI=true) via <see cref="Require"/>.
/// </summary>
public sealed class PostgresScratchCluster : IDisposable
{
    public const string InstallHint = "apt-get install postgresql";
    private static readonly Lazy<PostgresScratchCluster?> SharedLazy = new(StartShared);
    private static int _databases;
    private readonly string _bin;
    private readonly string? _runAs;

    private PostgresScratchCluster(string bin)
    {
        _bin = bin;
        Directory = System.IO.Directory.CreateTempSubdirectory("needle-pg-").FullName;
        _runAs = IsRoot() ? ServerUser() : null;
        if (_runAs is not null)
        {
            Run("chmod", ["755", Directory]);
            Run("chown", [_runAs, Directory]);
        }
        Password = Guid.NewGuid().ToString("N");
        var pwfile = Path.Combine(Directory, "pw");
        File.WriteAllText(pwfile, Password + "\n");
        if (_runAs is not null) Run("chown", [_runAs, pwfile]);
        RunServerTool("initdb", ["-D", DataDirectory, "-U", User, "--auth=scram-sha-256", "--pwfile=" + pwfile, "-E", "UTF8", "--locale=C", "--no-sync"]);
        File.Delete(pwfile);
        Start();
    }

    /// <summary>The temp directory holding data, socket and log.</summary>
    public string Directory { get; }

    public string DataDirectory => Path.Combine(Directory, "data");
    public string LogFile => Path.Combine(Directory, "server.log");
    public int Port { get; private set; }
    public string User => "needle";

    /// <summary>The superuser's password: give it to processes as PGPASSWORD, never on a command line.</summary>
    public string Password { get; }

    /// <summary>The process's cluster, or a skip (a failure under CI=true) when PostgreSQL is not installed.</summary>
    public static PostgresScratchCluster Require()
    {
        var cluster = SharedLazy.Value;
        NativeTool.Require(cluster is not null, "PostgreSQL server (initdb, pg_ctl)", InstallHint);
        return cluster!;
    }

    /// <summary>A new empty database; returns its name.</summary>
    public string CreateDatabase()
    {
        var name = $"needle_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        RunClient("createdb", ["-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", User, name]);
        return name;
    }

    /// <summary>A libpq/Npgsql connection string with the password (for in-process tests only).</summary>
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username={User};Password={Password};Database={database};Timeout=5;Include Error Detail=true";

    /// <summary>The study URL as a user writes it: no password (the process gets PGPASSWORD).</summary>
    public string Url(string database, string? study = null) =>
        $"postgresql://{User}@127.0.0.1:{Port}/{database}" + (study is null ? "" : "?study=" + Uri.EscapeDataString(study));

    /// <summary>Environment for a child process that connects with <see cref="Url"/>.</summary>
    public IReadOnlyDictionary<string, string> ClientEnvironment => new Dictionary<string, string> { ["PGPASSWORD"] = Password };

    public void Start()
    {
        for (var attempt = 0; ; attempt++)
        {
            Port = FreePort();
            try
            {
                RunServerTool("pg_ctl", ["-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "start", "-o",
                    $"-c listen_addresses=127.0.0.1 -p {Port} -c unix_socket_directories={Directory} -c fsync=off -c max_connections=300"]);
                return;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // the free port was taken between the probe and the bind: try another
            }
        }
    }

    /// <summary><c>pg_ctl restart -m fast</c> on the same port: every open connection is cut.</summary>
    public void Restart() => RunServerTool("pg_ctl", ["-D", DataDirectory, "-w", "-t", "60", "-m", "fast", "restart"]);

    public void Stop() => RunServerTool("pg_ctl", ["-D", DataDirectory, "-w", "-t", "60", "-m", "fast", "stop"]);

    public void Dispose()
    {
        try { Stop(); } catch (InvalidOperationException) { /* already stopped */ }
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { /* best effort */ }
    }

    private static PostgresScratchCluster? StartShared()
    {
        var bin = FindBin();
        if (bin is null) return null;
        var cluster = new PostgresScratchCluster(bin);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Dispose();
        return cluster;
    }

    /// <summary>The directory of initdb and pg_ctl: PATH first, then Debian's /usr/lib/postgresql/N/bin (newest).</summary>
    private static string? FindBin()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var initdb = new FileInfo(Path.Combine(dir, "initdb"));
            if (!initdb.Exists || !File.Exists(Path.Combine(dir, "pg_ctl"))) continue;
            // A symlink (e.g. /usr/local/bin/initdb): the real directory also holds createdb and postgres.
            return Path.GetDirectoryName(initdb.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? initdb.FullName);
        }
        const string debian = "/usr/lib/postgresql";
        if (!System.IO.Directory.Exists(debian)) return null;
        return System.IO.Directory.GetDirectories(debian)
            .Select(d => Path.Combine(d, "bin"))
            .Where(b => File.Exists(Path.Combine(b, "initdb")))
            .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0)
            .FirstOrDefault();
    }

    private static bool IsRoot() => Run("id", ["-u"]).Trim() == "0";

    private static string ServerUser()
    {
        if (Run("getent", ["passwd", "postgres"], allowFailure: true).Length > 0) return "postgres";
        if (Run("getent", ["passwd", "needle-pg"], allowFailure: true).Length == 0)
            Run("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "needle-pg"]);
        return "needle-pg";
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private void RunServerTool(string tool, string[] args)
    {
        var exe = Path.Combine(_bin, tool);
        if (_runAs is null) Run(exe, args);
        else Run("runuser", ["-u", _runAs, "--", exe, .. args]);
    }

    private void RunClient(string tool, string[] args)
    {
        var exe = File.Exists(Path.Combine(_bin, tool)) ? Path.Combine(_bin, tool) : tool;
        Run(exe, args, environment: new Dictionary<string, string> { ["PGPASSWORD"] = Password });
    }

    private static string Run(string exe, string[] args, bool allowFailure = false, IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = "/" };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (environment is not null) foreach (var (k, v) in environment) psi.Environment[k] = v;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {exe}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        if (p.ExitCode != 0 && !allowFailure)
            throw new InvalidOperationException($"{exe} {string.Join(' ', args)} exited {p.ExitCode}: {stderr.Result.Trim()} {stdout.Result.Trim()}");
        return p.ExitCode == 0 ? stdout.Result : "";
    }
}
