using System.CommandLine;
using System.Reflection;
using Needle.Cli;

var root = new RootCommand("needle — fast, honest architecture search for byte-level language models on TinyShakespeare");
foreach (var verb in typeof(ICliVerb).Assembly.GetTypes()
             .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICliVerb).IsAssignableFrom(t))
             .OrderBy(t => t.Name, StringComparer.Ordinal))
{
    root.Subcommands.Add(((ICliVerb)Activator.CreateInstance(verb)!).Build());
}
return await root.Parse(args).InvokeAsync();
