using System.Text.Json;
using System.Text.Json.Nodes;
using Needle.Core.Git;
using Needle.Core.Ledger;

namespace Needle.Core.Gates;

/// <summary>
/// `ledger emit` fills in what only it can vouch for: <c>sha</c> = the commit the emitting binary was built
/// from, and <c>ts</c> = its clock's time (the embargo counts from it, so it cannot be backdated). A row that
/// supplies either must agree: a sha of another commit, or a ts more than <see cref="ClockSkew"/> from the
/// clock, is refused. A build from a dirty or unknown tree cannot stamp rows at all.
/// </summary>
public static class EmitStamp
{
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>The row's JSON with sha and ts filled in, or the reasons it cannot be.</summary>
    public static (string? Json, IReadOnlyList<LedgerRejection> Problems) Apply(string rowJson, BuildCommit build, TimeProvider clock)
    {
        JsonObject row;
        try
        {
            row = JsonNode.Parse(rowJson) as JsonObject ?? throw new FormatException("a row must be one JSON object");
        }
        catch (JsonException)
        {
            return (rowJson, []); // let the parser report where and why the line is broken
        }
        var problems = new List<LedgerRejection>();
        if (!build.CanStampRows)
            problems.Add(new(LedgerFields.Sha,
                $"this needle was built from {build}: a row must cite the commit of the code that produced it — commit, rebuild (dotnet build -c Release) and emit again",
                RejectionKind.Policy));
        else if (row[LedgerFields.Sha] is { } given && given.GetValueKind() == JsonValueKind.String && given.GetValue<string>() != build.Sha)
            problems.Add(new(LedgerFields.Sha,
                $"{given.GetValue<string>()} is not the commit this needle was built from ({build.Sha}); omit sha and emit fills it in",
                RejectionKind.Policy));
        else
            row[LedgerFields.Sha] = build.Sha;

        var now = clock.GetUtcNow();
        if (row[LedgerFields.Ts] is { } ts && ts.GetValueKind() == JsonValueKind.String &&
            DateTimeOffset.TryParse(ts.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.None, out var given2) && (given2 - now).Duration() > ClockSkew)
            problems.Add(new(LedgerFields.Ts,
                $"{ts.GetValue<string>()} is not now ({LedgerRowSerializer.FormatTimestamp(now)}): emit stamps ts from its clock so the embargo cannot be backdated; omit ts",
                RejectionKind.Policy));
        else if (row[LedgerFields.Ts] is null)
            row[LedgerFields.Ts] = LedgerRowSerializer.FormatTimestamp(now);
        return problems.Count > 0 ? (null, problems) : (row.ToJsonString(), problems);
    }
}
