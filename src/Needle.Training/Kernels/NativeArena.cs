using System.Runtime.InteropServices;
namespace Needle.Training.Kernels;

/// <summary>
/// 64-byte aligned, zeroed native memory carved into named float slices. Allocated once per model, so a
/// training step never touches the managed heap for tensors and the GC never moves them.
/// </summary>
public sealed unsafe class NativeArena : IDisposable
{
    private readonly List<nint> _blocks = [];

    /// <summary>Total floats handed out, for reports.</summary>
    public long Floats { get; private set; }

    public float* Allocate(long count)
    {
        long bytes = Math.Max(64, ((count * sizeof(float)) + 63) & ~63L);
        var p = (float*)NativeMemory.AlignedAlloc((nuint)bytes, 64);
        NativeMemory.Clear(p, (nuint)bytes);
        _blocks.Add((nint)p);
        Floats += count;
        return p;
    }

    public int* AllocateInts(long count) => (int*)Allocate(count);

    public void Dispose()
    {
        foreach (var b in _blocks) NativeMemory.AlignedFree((void*)b);
        _blocks.Clear();
    }
}
