namespace Needle.Training.Kernels;

/// <summary>
/// A strided view of a float matrix: element (r, c) lives at <c>Data[r·RowStride + c·ColStride]</c>. A transposed
/// operand is the same memory with the strides swapped, so the GEMM needs no separate transposed variants.
/// </summary>
public readonly unsafe struct MatrixView(float* data, int rowStride, int colStride)
{
    public readonly float* Data = data;
    public readonly int RowStride = rowStride;
    public readonly int ColStride = colStride;

    /// <summary>A row-major matrix with <paramref name="columns"/> columns.</summary>
    public static MatrixView RowMajor(float* data, int columns) => new(data, columns, 1);

    /// <summary>The transpose of a row-major matrix with <paramref name="columns"/> columns.</summary>
    public static MatrixView Transposed(float* data, int columns) => new(data, 1, columns);
}
