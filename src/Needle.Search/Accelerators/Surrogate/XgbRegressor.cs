using System.Globalization;

namespace Needle.Search.Accelerators.Surrogate;

/// <summary>
/// The surrogate's hyper-parameters, fixed before fold 0 was looked at (the pre-registration of V4): small, shallow
/// trees suited to ~100–200 training configurations, exact split finding, one thread and a fixed seed so the same
/// data always gives the same model.
/// </summary>
public sealed record XgbParameters(int Rounds = 200, int MaxDepth = 3, double Eta = 0.1, double MinChildWeight = 1, double Lambda = 1, int Seed = 0)
{
    public IEnumerable<(string Name, string Value)> Pairs()
    {
        string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        yield return ("objective", "reg:squarederror");
        yield return ("booster", "gbtree");
        yield return ("tree_method", "exact");
        yield return ("max_depth", MaxDepth.ToString(CultureInfo.InvariantCulture));
        yield return ("eta", F(Eta));
        yield return ("min_child_weight", F(MinChildWeight));
        yield return ("lambda", F(Lambda));
        yield return ("subsample", "1");
        yield return ("colsample_bytree", "1");
        yield return ("seed", Seed.ToString(CultureInfo.InvariantCulture));
        yield return ("nthread", "1");
        yield return ("verbosity", "0");
    }
}

/// <summary>
/// A gradient-boosted regression model trained by the real XGBoost (C API). Rows are feature vectors; NaN is
/// "missing" (XGBoost learns a default direction for it). Disposing frees the native booster.
/// </summary>
public sealed class XgbRegressor : IDisposable
{
    private readonly XgboostLibrary _lib;
    private nint _booster;

    private XgbRegressor(XgboostLibrary lib, nint booster, int columns) => (_lib, _booster, Columns) = (lib, booster, columns);

    public int Columns { get; }

    /// <summary>XGBoost's version as the library reports it (e.g. 1.7.4).</summary>
    public static string LibraryVersion
    {
        get
        {
            var (a, b, c) = XgboostLibrary.Instance.Version;
            return string.Create(CultureInfo.InvariantCulture, $"{a}.{b}.{c}");
        }
    }

    public static XgbRegressor Train(IReadOnlyList<double[]> rows, IReadOnlyList<double> targets, XgbParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(parameters);
        if (rows.Count == 0 || rows.Count != targets.Count) throw new ArgumentException($"{rows.Count} rows and {targets.Count} targets: need one target per row, at least one row");
        if (targets.Any(t => !double.IsFinite(t))) throw new ArgumentException("a training target is not finite");
        var lib = XgboostLibrary.Instance;
        int columns = rows[0].Length;
        var matrix = lib.CreateMatrix(Flatten(rows, columns), rows.Count, columns);
        try
        {
            lib.SetLabels(matrix, [.. targets.Select(t => (float)t)]);
            var booster = lib.CreateBooster(matrix);
            var model = new XgbRegressor(lib, booster, columns);
            try
            {
                foreach (var (name, value) in parameters.Pairs()) lib.SetParam(booster, name, value);
                for (int i = 0; i < parameters.Rounds; i++) lib.UpdateOneIteration(booster, i, matrix);
                return model;
            }
            catch
            {
                model.Dispose();
                throw;
            }
        }
        finally
        {
            lib.FreeMatrix(matrix);
        }
    }

    public IReadOnlyList<double> Predict(IReadOnlyList<double[]> rows)
    {
        ObjectDisposedException.ThrowIf(_booster == 0, this);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) return [];
        var matrix = _lib.CreateMatrix(Flatten(rows, Columns), rows.Count, Columns);
        try
        {
            return [.. _lib.Predict(_booster, matrix).Select(v => (double)v)];
        }
        finally
        {
            _lib.FreeMatrix(matrix);
        }
    }

    private static float[] Flatten(IReadOnlyList<double[]> rows, int columns)
    {
        var data = new float[rows.Count * columns];
        for (int r = 0; r < rows.Count; r++)
        {
            if (rows[r].Length != columns) throw new ArgumentException($"row {r} has {rows[r].Length} features, the first has {columns}");
            for (int c = 0; c < columns; c++) data[r * columns + c] = (float)rows[r][c];
        }
        return data;
    }

    public void Dispose()
    {
        if (_booster == 0) return;
        _lib.FreeBooster(_booster);
        _booster = 0;
    }
}
