using System.Globalization;
using System.Text.Json;
using Needle.Search.Study;

namespace Needle.Search.Running;

/// <summary>
/// The scheduler's TEST HARNESS runner (<c>needle race --runner synthetic</c>): it trains nothing. Each "step" just
/// evaluates a deterministic <see cref="SyntheticCurve"/>, so the race machinery — cadence, rung checkpoints,
/// promotion, cooperative kill, crash and resume — can be exercised for real (real files, real SQLite, real child
/// processes) before the training engine exists. It honours the whole <see cref="ITrialRunner"/> contract: real
/// checkpoint files (written atomically, verified on resume), reports on the cadence, a stop at the next step when
/// cancelled. <paramref name="delayPerReport"/> (on the injected clock) paces it so that a test can kill it mid-race.
/// </summary>
public sealed class SyntheticCurveTrialRunner(TimeProvider time, TimeSpan? delayPerReport = null) : ITrialRunner
{
    public string Name => "synthetic";

    public async Task<SegmentOutcome> RunSegmentAsync(TrialSegment segment, IReportSink reports, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(segment);
        ArgumentNullException.ThrowIfNull(reports);
        var start = segment.StartStep;
        if (segment.ResumeFrom is { } from)
        {
            var error = VerifyCheckpoint(from, segment);
            if (error is not null) return new SegmentOutcome(SegmentStatus.Failed, start, null, error);
        }
        var curve = SyntheticCurve.For(segment.Spec);
        for (var step = start + 1; step <= segment.UntilStep; step++)
        {
            if (cancellation.IsCancellationRequested)
                return new SegmentOutcome(SegmentStatus.Cancelled, step - 1, WriteCheckpoint(segment, step - 1));
            if (step % segment.ReportEvery != 0) continue;
            reports.Report(step, curve.At(step));
            if (delayPerReport is { } delay && delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(delay, time, cancellation).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Cooperative kill: the loop's next iteration checkpoints at this step.
                }
            }
        }
        return new SegmentOutcome(SegmentStatus.ReachedTarget, segment.UntilStep, WriteCheckpoint(segment, segment.UntilStep));
    }

    private static TrialCheckpoint WriteCheckpoint(TrialSegment segment, long step)
    {
        Directory.CreateDirectory(segment.CheckpointDirectory);
        var path = Path.Combine(segment.CheckpointDirectory,
            string.Create(CultureInfo.InvariantCulture, $"trial{segment.TrialId}-step{step}.synthetic.json"));
        var json = JsonSerializer.Serialize(new CheckpointFile(segment.Spec.CanonName, segment.Spec.Seed, step));
        var temp = path + ".tmp";
        File.WriteAllText(temp, json);
        File.Move(temp, path, overwrite: true); // atomic on one filesystem: never a half-written checkpoint
        return new TrialCheckpoint(step, path);
    }

    private static string? VerifyCheckpoint(TrialCheckpoint checkpoint, TrialSegment segment)
    {
        if (!File.Exists(checkpoint.Location))
            return $"checkpoint {checkpoint.Location} (step {checkpoint.Step}) of '{segment.Spec.CanonName}' is missing; it cannot continue";
        var file = JsonSerializer.Deserialize<CheckpointFile>(File.ReadAllText(checkpoint.Location));
        if (file is null || file.Canon != segment.Spec.CanonName || file.Seed != segment.Spec.Seed || file.Step != checkpoint.Step)
            return $"checkpoint {checkpoint.Location} does not belong to '{segment.Spec.CanonName}' at step {checkpoint.Step}";
        return null;
    }

    private sealed record CheckpointFile(string Canon, uint Seed, long Step);
}
