using Needle.Training.Mup;

namespace Needle.Cli.Verbs;

/// <summary>The coordinate-check picture: one panel per site, mean |x| against width (log–log), one line per step.</summary>
internal static class CoordinateCheckPlot
{
    public static string Svg(CoordinateCheckResult result) => "";
}
