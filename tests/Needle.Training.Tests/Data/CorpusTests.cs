using Needle.Training.Data;

namespace Needle.Training.Tests.Data;

public sealed class CorpusTests
{
    [Fact]
    public void Canonical_split_is_disjoint_covers_the_file_and_has_the_documented_sizes()
    {
        var corpus = TinyShakespeare.Load(RepoPaths.Corpus);
        corpus.Train.Length.Should().Be(1_015_394);
        corpus.Validation.Length.Should().Be(100_000);
        corpus.TrainRange.End.Should().BeLessThanOrEqualTo(corpus.ValidationRange.Start, "train and validation must not overlap");
        corpus.ValidationRange.End.Should().Be(TinyShakespeare.TotalBytes);
        var all = File.ReadAllBytes(RepoPaths.Corpus);
        corpus.Validation.ToArray().Should().Equal(all[^100_000..], "validation is the last 100,000 bytes");
        corpus.Train.Span.ToArray().Distinct().Should().OnlyContain(b => b < 128, "the corpus is ASCII (65 distinct bytes)");
    }

    [Fact]
    public void A_different_file_is_refused_naming_both_hashes()
    {
        string path = Path.Combine(Path.GetTempPath(), $"not-shakespeare-{Environment.ProcessId}.txt");
        File.WriteAllText(path, "To be, or not to be");
        try
        {
            var act = () => TinyShakespeare.Load(path);
            act.Should().Throw<CorpusException>()
                .WithMessage($"*{TinyShakespeare.Sha256}*")
                .Where(e => e.Message.Contains(path) && e.Message.Contains("NEEDLE_CORPUS"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_missing_file_says_where_it_looked_and_what_to_do()
    {
        var act = () => TinyShakespeare.Load("/nonexistent/tiny.txt");
        act.Should().Throw<CorpusException>().WithMessage("*/nonexistent/tiny.txt*NEEDLE_CORPUS*");
    }

    [Fact]
    public void Locator_honours_NEEDLE_CORPUS_when_set()
    {
        // The environment is process-wide; this test only reads it, and checks the locator agrees with the harness.
        CorpusLocator.Locate().Should().Be(Path.GetFullPath(RepoPaths.Corpus));
    }

    [Fact]
    public void Sampler_is_a_pure_function_of_seed_and_step_and_targets_are_the_next_bytes()
    {
        var corpus = TinyShakespeare.Load(RepoPaths.Corpus);
        var s1 = new BatchSampler(corpus.Train, 4, 16, 7);
        var s2 = new BatchSampler(corpus.Train, 4, 16, 7);
        var s3 = new BatchSampler(corpus.Train, 4, 16, 8);
        int[] x1 = new int[64], y1 = new int[64], x2 = new int[64], y2 = new int[64], x3 = new int[64], y3 = new int[64];
        s1.Fill(5, x1, y1);
        s2.Fill(4, x2, y2);
        s2.Fill(5, x2, y2);
        s3.Fill(5, x3, y3);
        x1.Should().Equal(x2);
        y1.Should().Equal(y2);
        x1.Should().NotEqual(x3, "a different seed draws different windows");
        for (int b = 0; b < 4; b++)
            for (int t = 0; t < 15; t++) y1[b * 16 + t].Should().Be(x1[b * 16 + t + 1]);
    }
}
