using Needle.Training.Data;
using Needle.Training.Models;
using Needle.Training.Models.Families;
using Needle.Training.Run;

namespace Needle.Training.Tests.Families;

/// <summary>
/// JEPA-T's EMA target encoder and ramp step are state outside the parameters; without them in the checkpoint a
/// resumed run would regress against a re-initialised target. The resumed run must repeat the uninterrupted one.
/// </summary>
public sealed class JepaTResumeTests
{
    private static readonly Lazy<TinyShakespeare> Corpus = new(() => TinyShakespeare.Load(RepoPaths.Corpus));

    [Fact]
    public void A_resumed_JEPA_T_run_reproduces_the_uninterrupted_losses_exactly()
    {
        var config = new TrainConfig
        {
            Model = new ModelConfig { Model = FamilyNames.JepaT, DModel = 16, Layers = 1, Heads = 2, HiddenWidth = 32, Ctx = 16, Ngram = new() { K = 3 }, Jepa = new() { RampSteps = 10 } },
            Batch = 4, Steps = 12, Lr = 3e-3f, EvalEvery = 0, Threads = 2, Seed = 5,
        };
        string dir = Path.Combine(Path.GetTempPath(), $"needle-jepa-ckpt-{Environment.ProcessId}");
        var ct = TestContext.Current.CancellationToken;
        try
        {
            TrainResult full, resumed;
            using (var t = new Trainer(config, Corpus.Value)) full = t.Run(cancel: ct);
            using (var t = new Trainer(config, Corpus.Value)) t.Run(dir, stopAfter: 6, cancel: ct);
            using (var t = new Trainer(config, Corpus.Value))
            {
                resumed = t.Run(dir, resume: true, cancel: ct);
                ((JepaTModel)t.Model).EmaDecay.Should().Be(config.Model.Jepa.EmaEnd, "the ramp step was restored, so the ramp has ended");
            }
            resumed.Losses.Should().Equal(full.Losses);
            resumed.ValBpb.Should().Be(full.ValBpb);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void A_model_without_extra_state_refuses_a_checkpoint_that_carries_some()
    {
        using var pool = new Needle.Training.Kernels.WorkerPool(1);
        using ILanguageModel model = new AttnModel(new ModelConfig { DModel = 16, Layers = 1, Heads = 2, Ctx = 8 }, 1, 1, pool);
        model.SaveState().Should().BeEmpty();
        var restore = () => model.RestoreState([1f, 2f]);
        restore.Should().Throw<InvalidDataException>().WithMessage("*model state*");
    }
}
