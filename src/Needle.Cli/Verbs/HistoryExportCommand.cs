namespace Needle.Cli.Verbs;

internal static class HistoryExportCommand { public static System.CommandLine.Command Build() => new("export", "todo"); }
