using Needle.Core.Invariants;
using Needle.Training.Evaluation;
using Needle.Training.Optim;
using System.Reflection;

namespace Needle.Training.Tests.Evaluation;

public sealed class EvaluationTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.5)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void BpbEma_rejects_a_decay_outside_the_open_unit_interval(double decay)
    {
        var act = () => new BpbEma(decay);
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*INV-7*");
    }

    [Fact]
    public void BpbEma_uses_the_upstream_decay_and_carries_INV_7()
    {
        BpbEma.UpstreamDecay.Should().Be(0.618);
        typeof(BpbEma).GetCustomAttributes<InvariantAttribute>().Select(a => a.Id).Should().Contain("INV-7");
        var ema = new BpbEma();
        ema.Update(4.0).Should().Be(4.0, "the first value initialises the average");
        ema.Update(2.0).Should().BeApproximately(0.618 * 4.0 + 0.382 * 2.0, 1e-12);
    }

    [Theory]
    [InlineData(100_000, 64)]
    [InlineData(1000, 64)]
    [InlineData(129, 64)]
    [InlineData(1000, 7)]
    public void Validation_windows_count_every_target_exactly_once(int length, int ctx)
    {
        var counted = new int[length];
        foreach (var (start, skip) in BpbEvaluator.Windows(length, ctx))
            for (int t = skip; t < ctx; t++) counted[start + t + 1]++;
        counted[0].Should().Be(0, "the first byte has no context and is never a target");
        counted.Skip(1).Should().OnlyContain(c => c == 1);
    }

    [Fact]
    public void Schedules_warm_up_then_follow_their_shape_and_unknown_names_fail()
    {
        var cos = new LearningRateSchedule(ScheduleKind.Cosine, 1f, 100, 10, 0.1f);
        cos.At(0).Should().BeApproximately(0.1f, 1e-6f);
        cos.At(9).Should().BeApproximately(1f, 1e-6f);
        cos.At(99).Should().BeLessThan(0.11f);
        cos.At(55).Should().BeInRange(0.5f, 0.6f);
        var wsd = new LearningRateSchedule(ScheduleKind.Wsd, 1f, 100, 10, 0.1f, 0.2f);
        wsd.At(50).Should().Be(1f);
        wsd.At(79).Should().Be(1f);
        wsd.At(90).Should().BeApproximately(0.55f, 1e-6f);
        new LearningRateSchedule(ScheduleKind.Constant, 0.5f, 100).At(99).Should().Be(0.5f);
        var act = () => LearningRateSchedule.Parse("linear");
        act.Should().Throw<ArgumentException>().WithMessage("*unknown schedule 'linear'*");
    }
}
