using Needle.Search.Running;
using Needle.Search.Study;

namespace Needle.Search.History;

/// <summary>Stores a history trial's reports in the study as they come, and keeps the segment's rung figures for the builder.</summary>
internal sealed class HistorySink(IStudyStorage storage, long trialId, TimeProvider time) : IMeasurementSink
{
    public double? WholeSplitBpb { get; private set; }
    public (long Steps, double Train, double Eval, bool Cpu) Cost { get; private set; }

    public void Report(long step, double bpb) => storage.AddReport(trialId, step, bpb, time.GetUtcNow());

    public void WholeSplit(long step, double bpb) => WholeSplitBpb = bpb;

    void IMeasurementSink.Cost(long steps, double trainSeconds, double evalSeconds, bool cpuTime) =>
        Cost = (steps, trainSeconds, evalSeconds, cpuTime);
}
