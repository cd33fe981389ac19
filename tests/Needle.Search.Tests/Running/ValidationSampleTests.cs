using Needle.Search.Running;
using Needle.Training.Data;
using Needle.Training.Evaluation;

namespace Needle.Search.Tests.Running;

/// <summary>The study's common validation sample: the same target bytes for every trial, whatever its context.</summary>
public sealed class ValidationSampleTests
{
    [Fact]
    public void Spans_are_disjoint_inside_the_split_and_chosen_by_the_studys_seed()
    {
        var a = new ValidationSample(42).Starts(100_000);
        a.Should().HaveCount(ValidationSample.DefaultSpans).And.BeInAscendingOrder();
        a.Zip(a.Skip(1)).Should().OnlyContain(p => p.Second - p.First >= ValidationSample.DefaultSpanBytes);
        a[^1].Should().BeLessThanOrEqualTo(100_000 - ValidationSample.DefaultSpanBytes);
        new ValidationSample(42).Starts(100_000).Should().Equal(a);
        new ValidationSample(43).Starts(100_000).Should().NotEqual(a);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(48)]
    [InlineData(100)]
    public void Every_context_length_scores_exactly_the_samples_target_bytes(int ctx)
    {
        var corpus = TinyShakespeare.Load();
        var sample = new ValidationSample(7);
        var model = Needle.Training.Run.ModelFactory.CreateModel(
            new Needle.Training.Models.ModelConfig { DModel = 16, Layers = 1, Heads = 2, Ctx = ctx }, 4, 1, new Needle.Training.Kernels.WorkerPool(1));
        var evaluator = new BpbEvaluator(model);
        long targets = 0;
        foreach (var start in sample.Starts(corpus.Validation.Length))
            targets += evaluator.Evaluate(corpus.Validation.Span.Slice(start, sample.SpanBytes)).Targets;
        targets.Should().Be(sample.Targets);
    }

    [Fact]
    public void A_context_longer_than_a_span_is_refused()
    {
        var act = () => new ValidationSample(1).Evaluate(null!, default, 600);
        act.Should().Throw<ArgumentException>();
    }
}
