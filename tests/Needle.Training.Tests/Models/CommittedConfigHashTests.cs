using System.Text.Json;
using System.Text.Json.Nodes;
using Needle.Training.Curriculum;
using Needle.Training.Curriculum.Measurement;
using Needle.Training.Layers;
using Needle.Training.Models;
using Needle.Training.Run;

namespace Needle.Training.Tests.Models;

/// <summary>
/// Config hashes stored in committed files stay what today's code computes: <see cref="ModelConfig"/> is split into
/// per-family option records, but its JSON — the text every config hash is taken over — is the flat form it always
/// had. (data/history's hashes are recomputed by Needle.Search.Tests' CommittedHistoryTests, through the trial binding.)
/// </summary>
public sealed class CommittedConfigHashTests
{
    [Fact]
    public void Every_V7_run_s_config_sha256_is_the_hash_of_its_config_rebuilt_from_the_committed_base_config()
    {
        var m = CurriculumMeasurement.Load(RepoPaths.InRepo(CurriculumMeasurement.RelativePath));
        TrainConfig.FromJson(m.BaseConfigJson).ToJson().Should().Be(m.BaseConfigJson, "the committed base config re-serialises byte for byte");
        var curriculum = CurriculumSpec.Parse(m.Curriculum);
        m.Runs.Should().NotBeEmpty();
        foreach (var run in m.Runs)
        {
            var config = m.BaseConfig with { Seed = run.Seed, Curriculum = run.Arm == CurriculumRunRecord.V7Arm ? curriculum : null };
            config.Hash().Should().Be(run.ConfigSha256, $"{run.Arm} seed {run.Seed}");
        }
    }

    [Fact]
    public void The_V1_measurement_s_model_config_reads_and_writes_back_field_for_field()
    {
        var settings = JsonNode.Parse(File.ReadAllText(RepoPaths.InRepo("data", "v1", "lr-transfer.json")))!["settings"]!["model"]!;
        var model = TrainConfig.FromJson(new JsonObject { ["model"] = settings.DeepClone() }.ToJsonString()).Model;
        model.DModel.Should().Be(128);
        var written = JsonNode.Parse(new TrainConfig { Model = model }.ToJson())!["model"]!;
        JsonNode.DeepEquals(written, settings).Should().BeTrue($"{written.ToJsonString()} vs {settings.ToJsonString()}");
    }

    [Fact]
    public void The_option_records_serialise_to_the_flat_fields_in_their_historic_order()
    {
        var config = ModelConfig.Defaults with
        {
            Model = "JEPA-T", Attn = new AttnOptions { Activation = ActivationKind.ReluSquared, Positions = PositionKind.Learned },
            Ngram = new NgramOptions { K = 5, MixLearnable = false, ReluSquared = true }, Hybrid = new HybridOptions { QkGain = 1.5f },
            Jepa = new JepaOptions { MaskRatio = 0.25f, EmaStart = 0.9f, EmaEnd = 0.99f, RampSteps = 7, Weight = 0.125f },
            Dropout = 0.1f, NcaWeight = 0.25f,
        };
        var json = JsonNode.Parse(new TrainConfig { Model = config }.ToJson())!["model"]!.ToJsonString();
        json.Should().Be("{\"model\":\"JEPA-T\",\"d_model\":128,\"layers\":4,\"heads\":4,\"ctx\":64,\"vocab\":256,\"mlp_ratio\":4," +
                         "\"norm\":\"layer_norm\",\"activation\":\"relu_squared\",\"positions\":\"learned\",\"tied_readout\":true," +
                         "\"embedding_init_scale\":1,\"hidden_init_scale\":1,\"readout_init_scale\":1,\"format\":\"FP32\",\"hidden_width\":0," +
                         "\"ngram_k\":5,\"ngram_mix_learnable\":false,\"ngram_relu_squared\":true,\"qk_gain\":1.5,\"nca_weight\":0.25," +
                         "\"jepa_mask_ratio\":0.25,\"jepa_ema_start\":0.9,\"jepa_ema_end\":0.99,\"jepa_ramp_steps\":7,\"dropout\":0.1,\"jepa_weight\":0.125}");
        TrainConfig.FromJson(new TrainConfig { Model = config }.ToJson()).Model.Should().Be(config, "reading the flat form rebuilds every option record");
    }
}
