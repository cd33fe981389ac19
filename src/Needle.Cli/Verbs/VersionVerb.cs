using System.CommandLine;
using System.Reflection;

namespace Needle.Cli.Verbs;

/// <summary><c>needle version</c>: the build's informational version, so a report can name what produced it.</summary>
public sealed class VersionVerb : ICliVerb
{
    public Command Build()
    {
        var json = new Option<bool>("--json") { Description = "Machine-readable version as the last stdout line." };
        var command = new Command("version", "Print needle's version.") { json };
        command.SetAction(parse =>
        {
            var version = typeof(VersionVerb).Assembly
                .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            if (parse.GetValue(json)) JsonLine.Write(new { Version = version });
            else CliConsole.Out.WriteLine(version);
            return ExitCodes.Ok;
        });
        return command;
    }
}
