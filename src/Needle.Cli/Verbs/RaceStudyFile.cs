using System.Text.Json;
using System.Text.Json.Nodes;
using Needle.Search.Study;

namespace Needle.Cli.Verbs;

/// <summary>Shared by race, hunt and report: opens a study file and picks the study in it, with errors that say what to do.</summary>
internal static class RaceStudyFile
{
    public static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    /// <summary>
    /// Opens the existing study named by <c>--study</c>: a SQLite file (never created here: a typo must not make an empty
    /// study) or a PostgreSQL URL (<see cref="StudyLocation"/>, the one parser every verb uses; password from PGPASSWORD or
    /// ~/.pgpass). Returns the storage and how messages name it.
    /// </summary>
    public static (IStudyStorage Storage, StudyLocation Location) OpenExisting(string study)
    {
        var location = StudyLocation.Parse(study);
        if (location.Backend == StudyBackend.Sqlite && !File.Exists(location.FilePath))
            throw new CliInputException($"{location.FilePath}: study file not found. Create one with `needle race --study {Path.GetFileName(location.FilePath)} --space SPACE.json --runner …`.");
        try
        {
            return (location.Open(), location);
        }
        catch (Npgsql.NpgsqlException e)
        {
            throw new CliInputException($"{location.Display}: cannot open the study database: {e.Message} (password from PGPASSWORD or ~/.pgpass).");
        }
    }

    /// <summary>
    /// The study named <paramref name="name"/> (or the URL's <c>?study=</c>), or the location's only study.
    /// </summary>
    public static StudyRecord Pick(IStudyStorage storage, StudyLocation location, string? name)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(location);
        if (name is not null && location.StudyName is not null && name != location.StudyName)
            throw new CliInputException($"--name '{name}' and the URL's study '{location.StudyName}' disagree; give one of them.");
        name ??= location.StudyName;
        var where = location.Display;
        var studies = storage.ListStudies();
        if (name is not null)
            return studies.FirstOrDefault(s => s.Name == name)
                   ?? throw new CliInputException($"{where}: no study named '{name}' (it has: {string.Join(", ", studies.Select(s => s.Name))}).");
        return studies.Count switch
        {
            1 => studies[0],
            0 => throw new CliInputException($"{where}: holds no study yet. Run `needle race` on it first."),
            _ => throw new CliInputException($"{where}: holds several studies ({string.Join(", ", studies.Select(s => s.Name))}); pick one with --name" +
                                             (location.Backend == StudyBackend.Postgres ? " or ?study=NAME." : ".")),
        };
    }

    /// <summary>Writes the machine-readable result as the last stdout line.</summary>
    public static void WriteJson(JsonNode node) => JsonLine.Write(node);

    /// <summary>Runs a verb body, turning input errors into a message on stderr and exit code 2.</summary>
    public static async Task<int> Guard(Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception e) when (e is CliInputException or Needle.Search.Space.SpaceFileException or FormatException or ArgumentException
                                      or InvalidOperationException or InvalidDataException or Needle.Training.Data.CorpusException
                                      or Needle.Search.Plans.PlanFileException)
        {
            await CliConsole.Error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
        catch (Needle.Search.Workers.StudyUnreachableException e)
        {
            // Before a verb's own handling (e.g. while opening the study): the same exit as a worker cut off mid-race.
            await Console.Error.WriteLineAsync("error: " + e.Message + "; nothing was changed by this process. Start it again when the database answers.").ConfigureAwait(false);
            return ExitCodes.StudyUnreachable;
        }
    }
}

/// <summary>Bad command-line input; the message says what and what to do.</summary>
internal sealed class CliInputException(string message) : Exception(message);
