using System.Text.Json;
using System.Text.Json.Nodes;
using Needle.Search.Study;

namespace Needle.Cli.Verbs;

/// <summary>Shared by race, hunt and report: opens a study file and picks the study in it, with errors that say what to do.</summary>
internal static class RaceStudyFile
{
    public static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    /// <summary>Opens an existing study file (never creates one: a typo must not make an empty study).</summary>
    public static SqliteStudyStorage OpenExisting(FileInfo file)
    {
        if (!file.Exists)
            throw new CliInputException($"{file.FullName}: study file not found. Create one with `needle race --study {file.Name} --space SPACE.json --runner …`.");
        return new SqliteStudyStorage(file.FullName);
    }

    /// <summary>The study named <paramref name="name"/>, or the file's only study.</summary>
    public static StudyRecord Pick(SqliteStudyStorage storage, string? name)
    {
        var studies = storage.ListStudies();
        if (name is not null)
            return studies.FirstOrDefault(s => s.Name == name)
                   ?? throw new CliInputException($"{storage.Path}: no study named '{name}' (it has: {string.Join(", ", studies.Select(s => s.Name))}).");
        return studies.Count switch
        {
            1 => studies[0],
            0 => throw new CliInputException($"{storage.Path}: the file holds no study yet. Run `needle race` on it first."),
            _ => throw new CliInputException($"{storage.Path}: the file holds several studies ({string.Join(", ", studies.Select(s => s.Name))}); pick one with --name."),
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
    }
}

/// <summary>Bad command-line input; the message says what and what to do.</summary>
internal sealed class CliInputException(string message) : Exception(message);
