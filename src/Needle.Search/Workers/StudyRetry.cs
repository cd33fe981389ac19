using System.Net.Sockets;
using Npgsql;
using Polly;
using Polly.Retry;

namespace Needle.Search.Workers;

/// <summary>
/// Retries a study call through a database outage (a server restart, a dropped network) with exponential backoff —
/// 0.2 s doubling to at most 5 s, no jitter (nothing random outside the master seed) — for at most
/// <see cref="OutageLimit"/> from the call's first failure. Past the limit it gives up for good: it cancels
/// <see cref="Outage"/> (the race stops its trials cooperatively, so they checkpoint) and every later call fails at
/// once with <see cref="StudyUnreachableException"/>. Errors that are not about reaching the server (a constraint, a
/// bad argument) are never retried. Messages go to the constructor's <c>log</c> and never hold a password (Npgsql's do not).
/// </summary>
public sealed class StudyRetry
{
    private static readonly ResiliencePropertyKey<DateTimeOffset> FirstFailure = new("needle.first-failure");
    private readonly ResiliencePipeline _pipeline;
    private readonly CancellationTokenSource _outage = new();
    private readonly TimeProvider _time;
    private readonly Action<string> _log;
    private string? _gaveUp;

    /// <param name="outageLimit">How long after a call's first failure it keeps retrying before giving up for good.</param>
    /// <param name="time">The clock the backoff and the limit are measured on.</param>
    /// <param name="log">Where each retry and the final give-up are reported.</param>
    /// <param name="where">Names the study in those messages (e.g. its connection target).</param>
    public StudyRetry(TimeSpan outageLimit, TimeProvider time, Action<string> log, string where)
    {
        OutageLimit = outageLimit;
        _time = time;
        _log = log;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => new ValueTask<bool>(args.Outcome.Exception is { } e && IsTransient(e) &&
                                                           _time.GetUtcNow() - args.Context.Properties.GetValue(FirstFailure, _time.GetUtcNow()) < OutageLimit),
                BackoffType = DelayBackoffType.Exponential, UseJitter = false,
                Delay = TimeSpan.FromMilliseconds(200), MaxDelay = TimeSpan.FromSeconds(5), MaxRetryAttempts = int.MaxValue,
                OnRetry = args =>
                {
                    _log($"study {where}: unreachable ({args.Outcome.Exception!.GetType().Name}: {FirstLine(args.Outcome.Exception.Message)}); " +
                         $"retry {args.AttemptNumber + 1} in {args.RetryDelay.TotalSeconds:0.0} s (giving up after {OutageLimit.TotalSeconds:0} s)");
                    return default;
                },
            })
            .Build();
    }

    /// <summary>How long a call may keep failing before the worker stops.</summary>
    public TimeSpan OutageLimit { get; }

    /// <summary>Cancelled when the limit was passed: the worker must stop.</summary>
    public CancellationToken Outage => _outage.Token;

    /// <summary>Runs <paramref name="call"/>, retrying transient failures; throws <see cref="StudyUnreachableException"/> past the limit.</summary>
    public T Run<T>(Func<T> call)
    {
        if (_gaveUp is not null) throw new StudyUnreachableException(_gaveUp);
        var context = ResilienceContextPool.Shared.Get();
        context.Properties.Set(FirstFailure, _time.GetUtcNow());
        try
        {
            return _pipeline.Execute(_ => call(), context);
        }
        catch (Exception e) when (IsTransient(e))
        {
            _gaveUp = $"the study database could not be reached for {OutageLimit.TotalSeconds:0} s ({e.GetType().Name}: {FirstLine(e.Message)})";
            _log("study: " + _gaveUp + "; stopping this worker");
            _outage.Cancel();
            throw new StudyUnreachableException(_gaveUp, e);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    public void Run(Action call) => Run(() => { call(); return 0; });

    /// <summary>True when the call should be retried: the server or the network, not the statement.</summary>
    public static bool IsTransient(Exception e) => e switch
    {
        PostgresException pg => pg.IsTransient || pg.SqlState.StartsWith("57P", StringComparison.Ordinal) || pg.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException npg => npg.IsTransient || npg.InnerException is SocketException or IOException or TimeoutException,
        SocketException or TimeoutException => true,
        _ => false,
    };

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();
}
