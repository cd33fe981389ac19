namespace Needle.Search.Running;

/// <summary>Where a runner reports its curve. A report is stored durably before <see cref="Report"/> returns.</summary>
public interface IReportSink
{
    void Report(long step, double bpb);
}
