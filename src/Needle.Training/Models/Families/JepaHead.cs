namespace Needle.Training.Models.Families;

/// <summary>
/// JEPA-T's latent-prediction head. For each sequence b a future span [s_b, s_b + m) is masked; from the last
/// visible online hidden state h[b, s_b − 1] the predictor regresses every target latent of the span:
/// p_j = W·(h[b, s_b − 1] + e_j) + bias (e_j = a learned offset embedding, j &lt; m), and the loss is the mean over
/// (b, j) of ‖p_j − z[b, s_b + j]‖² / d, where z is the EMA target encoder's output (a constant: stop-gradient).
/// The span is invisible to h[b, s_b − 1] because the encoder is causal. Works on raw pointers (rows of width d).
/// </summary>
public static unsafe class JepaHead
{
    /// <summary>The loss; writes dLoss/dp (scaled by <paramref name="weight"/>) into <paramref name="dPred"/> (B·m·d).</summary>
    public static double Forward(float* hidden, float* target, int[] starts, int batch, int ctx, int d, int m,
        float* offsets, float* w, float* bias, float weight, float[] dPred)
    {
        double loss = 0, norm = 1.0 / ((double)batch * m * d);
        var u = new float[d];
        for (int b = 0; b < batch; b++)
        {
            float* h = hidden + ((long)b * ctx + starts[b] - 1) * d;
            for (int j = 0; j < m; j++)
            {
                for (int i = 0; i < d; i++) u[i] = h[i] + offsets[(long)j * d + i];
                float* z = target + ((long)b * ctx + starts[b] + j) * d;
                for (int o = 0; o < d; o++)
                {
                    double p = bias[o];
                    float* row = w + (long)o * d;
                    for (int i = 0; i < d; i++) p += (double)row[i] * u[i];
                    double diff = p - z[o];
                    loss += diff * diff * norm;
                    dPred[((long)b * m + j) * d + o] = (float)(2 * diff * norm * weight);
                }
            }
        }
        return weight * loss;
    }

    /// <summary>Accumulates dW, dBias, dOffsets and d hidden from the dPred of <see cref="Forward"/>.</summary>
    public static void Backward(float* hidden, int[] starts, int batch, int ctx, int d, int m, float* offsets, float* w,
        float[] dPred, float* dHidden, float* dOffsets, float* dW, float* dBias)
    {
        var u = new float[d];
        var du = new float[d];
        for (int b = 0; b < batch; b++)
        {
            long row0 = ((long)b * ctx + starts[b] - 1) * d;
            for (int j = 0; j < m; j++)
            {
                for (int i = 0; i < d; i++) u[i] = hidden[row0 + i] + offsets[(long)j * d + i];
                Array.Clear(du);
                for (int o = 0; o < d; o++)
                {
                    float g = dPred[((long)b * m + j) * d + o];
                    dBias[o] += g;
                    float* wr = w + (long)o * d, dwr = dW + (long)o * d;
                    for (int i = 0; i < d; i++) { dwr[i] += g * u[i]; du[i] += g * wr[i]; }
                }
                for (int i = 0; i < d; i++) { dOffsets[(long)j * d + i] += du[i]; dHidden[row0 + i] += du[i]; }
            }
        }
    }
}
