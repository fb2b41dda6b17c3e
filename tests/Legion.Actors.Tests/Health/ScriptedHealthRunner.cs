using System.Collections.Concurrent;
using Legion.Actors.Configuration;
using Legion.Actors.Health;

namespace Legion.Actors.Tests.Health;

/// <summary>What a <see cref="ScriptedHealthRunner"/> does for a check.</summary>
internal enum ScriptedOutcome
{
    /// <summary>Passes at once.</summary>
    Pass,

    /// <summary>Fails at once.</summary>
    Fail,

    /// <summary>Runs until cancelled, then ends (as a killed command).</summary>
    Hang,

    /// <summary>Runs until the test calls <see cref="ScriptedHealthRunner.Release"/>, cancelled or not (a process that cannot be killed).</summary>
    Stuck,
}

/// <summary>
/// A health check runner the test scripts per check label. Every outcome completes synchronously on the caller's or
/// the canceller's thread, so a virtual-time test stays deterministic. Counts runs and the most at once per label.
/// </summary>
internal sealed class ScriptedHealthRunner : IHealthCheckRunner
{
    private readonly ConcurrentDictionary<string, ScriptedOutcome> _outcomes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _started = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _mostAtOnce = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<HealthCheckResult>> _stuck = new(StringComparer.Ordinal);

    /// <summary>Sets what the next runs of <paramref name="label"/> do (default <see cref="ScriptedOutcome.Pass"/>).</summary>
    public void Set(string label, ScriptedOutcome outcome) => _outcomes[label] = outcome;

    /// <summary>Runs started so far.</summary>
    public int Started(string label) => _started.GetValueOrDefault(label);

    /// <summary>Runs in progress now.</summary>
    public int Running(string label) => _running.GetValueOrDefault(label);

    /// <summary>The most runs of one label that were ever in progress at once.</summary>
    public int MostAtOnce(string label) => _mostAtOnce.GetValueOrDefault(label);

    /// <summary>Ends a <see cref="ScriptedOutcome.Stuck"/> run.</summary>
    public void Release(string label)
    {
        if (_stuck.TryRemove(label, out var run))
        {
            run.TrySetResult(HealthCheckResult.Pass("released late"));
        }
    }

    public Task<HealthCheckResult> RunAsync(LegionHealthCheckSpec check, HealthCheckContext context, CancellationToken cancellationToken)
    {
        var label = check.Label;
        _started.AddOrUpdate(label, 1, (_, n) => n + 1);
        var now = _running.AddOrUpdate(label, 1, (_, n) => n + 1);
        _mostAtOnce.AddOrUpdate(label, now, (_, n) => Math.Max(n, now));
        Task<HealthCheckResult> run;
        switch (_outcomes.GetValueOrDefault(label))
        {
            case ScriptedOutcome.Fail:
                run = Task.FromResult(HealthCheckResult.Fail("scripted failure"));
                break;
            case ScriptedOutcome.Hang:
                var hung = new TaskCompletionSource<HealthCheckResult>();
                cancellationToken.Register(() => hung.TrySetResult(HealthCheckResult.Fail("cancelled; killed")));
                run = hung.Task;
                break;
            case ScriptedOutcome.Stuck:
                var stuck = new TaskCompletionSource<HealthCheckResult>();
                _stuck[label] = stuck;
                run = stuck.Task;
                break;
            default:
                run = Task.FromResult(HealthCheckResult.Pass("scripted pass"));
                break;
        }
        return run.ContinueWith(done =>
        {
            _running.AddOrUpdate(label, 0, (_, n) => n - 1);
            return done.Result;
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
