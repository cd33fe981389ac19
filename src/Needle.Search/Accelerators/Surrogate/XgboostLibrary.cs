using System.Runtime.InteropServices;

namespace Needle.Search.Accelerators.Surrogate;

/// <summary>
/// XGBoost's C API (Debian's <c>libxgboost0</c>, 1.7), bound by function pointer from the shared library so no
/// process-wide DllImport resolver is claimed. Only the calls the surrogate needs: a dense float matrix, its labels,
/// a booster trained one round at a time, and predictions. A missing library is a clear error naming the package.
/// </summary>
internal sealed unsafe class XgboostLibrary
{
    public const string Package = "libxgboost0";
    public const string InstallHint = "sudo apt-get install libxgboost0";
    private static readonly string[] Names = ["libxgboost.so.0", "libxgboost.so", "xgboost"];
    private static readonly Lazy<XgboostLibrary?> Shared = new(Load);

    private readonly delegate* unmanaged<float*, ulong, ulong, float, nint*, int> _createFromMat;
    private readonly delegate* unmanaged<nint, byte*, float*, ulong, int> _setFloatInfo;
    private readonly delegate* unmanaged<nint, int> _matrixFree;
    private readonly delegate* unmanaged<nint*, ulong, nint*, int> _boosterCreate;
    private readonly delegate* unmanaged<nint, int> _boosterFree;
    private readonly delegate* unmanaged<nint, byte*, byte*, int> _setParam;
    private readonly delegate* unmanaged<nint, int, nint, int> _updateOneIter;
    private readonly delegate* unmanaged<nint, nint, int, uint, int, ulong*, float**, int> _predict;
    private readonly delegate* unmanaged<byte*> _lastError;
    private readonly delegate* unmanaged<int*, int*, int*, void> _version;

    private XgboostLibrary(nint handle)
    {
        nint F(string name) => NativeLibrary.GetExport(handle, name);
        _createFromMat = (delegate* unmanaged<float*, ulong, ulong, float, nint*, int>)F("XGDMatrixCreateFromMat");
        _setFloatInfo = (delegate* unmanaged<nint, byte*, float*, ulong, int>)F("XGDMatrixSetFloatInfo");
        _matrixFree = (delegate* unmanaged<nint, int>)F("XGDMatrixFree");
        _boosterCreate = (delegate* unmanaged<nint*, ulong, nint*, int>)F("XGBoosterCreate");
        _boosterFree = (delegate* unmanaged<nint, int>)F("XGBoosterFree");
        _setParam = (delegate* unmanaged<nint, byte*, byte*, int>)F("XGBoosterSetParam");
        _updateOneIter = (delegate* unmanaged<nint, int, nint, int>)F("XGBoosterUpdateOneIter");
        _predict = (delegate* unmanaged<nint, nint, int, uint, int, ulong*, float**, int>)F("XGBoosterPredict");
        _lastError = (delegate* unmanaged<byte*>)F("XGBGetLastError");
        _version = (delegate* unmanaged<int*, int*, int*, void>)F("XGBoostVersion");
    }

    /// <summary>True when the shared library loads (tests use this to skip or, under CI, fail).</summary>
    public static bool Available => Shared.Value is not null;

    /// <summary>The loaded library; a clear error naming the package when it is absent.</summary>
    public static XgboostLibrary Instance => Shared.Value ?? throw new DllNotFoundException(
        $"XGBoost's shared library ({string.Join(" / ", Names)}) was not found: the V4 surrogate needs Debian's {Package} (1.7). Install it with: {InstallHint} (ci/setup does this).");

    private static XgboostLibrary? Load()
    {
        foreach (var name in Names)
            if (NativeLibrary.TryLoad(name, out var handle)) return new XgboostLibrary(handle);
        return null;
    }

    public (int Major, int Minor, int Patch) Version
    {
        get
        {
            int a, b, c;
            _version(&a, &b, &c);
            return (a, b, c);
        }
    }

    public nint CreateMatrix(float[] rowMajor, int rows, int columns)
    {
        if (rowMajor.Length != rows * columns) throw new ArgumentException($"{rowMajor.Length} values are not {rows} rows × {columns} columns");
        nint handle;
        fixed (float* p = rowMajor) Check(_createFromMat(p, (ulong)rows, (ulong)columns, float.NaN, &handle), "XGDMatrixCreateFromMat");
        return handle;
    }

    public void SetLabels(nint matrix, float[] labels)
    {
        var field = "label\0"u8;
        fixed (byte* f = field)
        fixed (float* l = labels)
            Check(_setFloatInfo(matrix, f, l, (ulong)labels.Length), "XGDMatrixSetFloatInfo(label)");
    }

    public void FreeMatrix(nint matrix) => Check(_matrixFree(matrix), "XGDMatrixFree");

    public nint CreateBooster(nint trainingMatrix)
    {
        nint booster;
        Check(_boosterCreate(&trainingMatrix, 1, &booster), "XGBoosterCreate");
        return booster;
    }

    public void FreeBooster(nint booster) => Check(_boosterFree(booster), "XGBoosterFree");

    public void SetParam(nint booster, string name, string value)
    {
        var n = System.Text.Encoding.UTF8.GetBytes(name + "\0");
        var v = System.Text.Encoding.UTF8.GetBytes(value + "\0");
        fixed (byte* pn = n)
        fixed (byte* pv = v)
            Check(_setParam(booster, pn, pv), $"XGBoosterSetParam({name}={value})");
    }

    public void UpdateOneIteration(nint booster, int iteration, nint trainingMatrix) =>
        Check(_updateOneIter(booster, iteration, trainingMatrix), "XGBoosterUpdateOneIter");

    /// <summary>Plain predictions (option 0, every tree, not training), copied out of XGBoost's buffer.</summary>
    public float[] Predict(nint booster, nint matrix)
    {
        ulong length;
        float* result;
        Check(_predict(booster, matrix, 0, 0, 0, &length, &result), "XGBoosterPredict");
        return new ReadOnlySpan<float>(result, checked((int)length)).ToArray();
    }

    private void Check(int code, string call)
    {
        if (code == 0) return;
        var message = Marshal.PtrToStringUTF8((nint)_lastError()) ?? "(no message)";
        throw new InvalidOperationException($"XGBoost {call} failed: {message}");
    }
}

/// <summary>Whether XGBoost's library is present, and what to install (tests skip, or fail under CI, on it).</summary>
public static class XgboostLibraryProbe
{
    public static bool Available => XgboostLibrary.Available;
    public const string Package = XgboostLibrary.Package;
    public const string InstallHint = XgboostLibrary.InstallHint;
}
