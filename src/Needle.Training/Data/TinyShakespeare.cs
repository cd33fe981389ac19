using System.Security.Cryptography;

namespace Needle.Training.Data;

/// <summary>
/// The canonical corpus with its canonical split: train = the first 1,015,394 bytes, validation = the last
/// 100,000 bytes. Tokens are bytes (vocabulary 256; the file's 65 distinct bytes are all below 128).
/// Any other file is refused with both hashes named, so a run can never silently train on something else.
/// </summary>
public sealed class TinyShakespeare
{
    public const string Sha256 = "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed";
    public const int TotalBytes = 1_115_394;
    public const int TrainBytes = 1_015_394;
    public const int ValidationBytes = 100_000;
    public const int VocabSize = 256;

    /// <summary>Reported with every BPB figure: byte tokens, ASCII corpus.</summary>
    public const string TokenTag = "bytes-ascii";

    private readonly byte[] _all;

    private TinyShakespeare(string path, byte[] all)
    {
        Path = path;
        _all = all;
        // Disjointness is asserted, not assumed: a validation leak is the classic way to a too-good BPB (docs/decisions.md).
        if (TrainBytes + ValidationBytes != _all.Length || Train.Length + Validation.Length != _all.Length)
            throw new InvalidOperationException("canonical split does not partition the corpus");
    }

    public string Path { get; }
    public ReadOnlyMemory<byte> Train => _all.AsMemory(0, TrainBytes);
    public ReadOnlyMemory<byte> Validation => _all.AsMemory(TrainBytes, ValidationBytes);

    /// <summary>Byte offset ranges of the two splits, [start, end); the test suite checks they do not overlap.</summary>
    public (int Start, int End) TrainRange => (0, TrainBytes);
    public (int Start, int End) ValidationRange => (TrainBytes, TotalBytes);

    public static TinyShakespeare Load() => Load(CorpusLocator.Locate());

    public static TinyShakespeare Load(string path)
    {
        if (!File.Exists(path))
            throw new CorpusException(
                $"corpus not found at {path}. Put TinyShakespeare at ../shared/data/tinyshakespeare.txt beside the checkout " +
                $"or set {CorpusLocator.EnvironmentVariable} to its path.");
        var bytes = File.ReadAllBytes(path);
        var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (actual != Sha256)
            throw new CorpusException(
                $"corpus {path} has SHA-256 {actual} ({bytes.Length} bytes) but TinyShakespeare has SHA-256 {Sha256} " +
                $"({TotalBytes} bytes). Use the canonical file (set {CorpusLocator.EnvironmentVariable}).");
        return new TinyShakespeare(path, bytes);
    }
}
