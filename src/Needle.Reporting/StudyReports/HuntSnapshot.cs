using Needle.Search.Hunt;

namespace Needle.Reporting.StudyReports;

/// <summary>The seed hunt's classification of every trial that reported at <paramref name="RungStep"/>.</summary>
public sealed record HuntSnapshot(long RungStep, IReadOnlyList<HuntRow> Rows);
