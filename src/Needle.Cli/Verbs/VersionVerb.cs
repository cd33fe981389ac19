using System.CommandLine;
using System.Reflection;

namespace Needle.Cli.Verbs;

/// <summary><c>needle version</c>: the build's informational version, so a report can name what produced it.</summary>
public sealed class VersionVerb : ICliVerb
{
    public Command Build()
    {
        var command = new Command("version", "Print needle's version.");
        command.SetAction(_ =>
        {
            var version = typeof(VersionVerb).Assembly
                .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            Console.WriteLine(version);
            return 0;
        });
        return command;
    }
}
