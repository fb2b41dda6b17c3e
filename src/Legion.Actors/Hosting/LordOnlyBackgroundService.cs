using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Legion.Actors.Hosting;

/// <summary>
/// A hosted service whose <see cref="ExecuteAsync"/> runs while this node is the Lord of one legion and is
/// cancelled when it stops being Lord (<c>unlord</c>, a step-down, shutdown): the .NET form of uWSGI's
/// <c>legion-attach-daemon</c>. Each time the node becomes Lord, <see cref="ExecuteAsync"/> runs once more. If it
/// throws while the node is still Lord, it is started again after <see cref="RestartDelay"/>, as uWSGI restarts a
/// dead legion daemon; if it returns, it is not run again until the next lordship. Register it with
/// <c>services.AddHostedService&lt;T&gt;()</c> after <c>AddLegion</c>, so that it stops before the node leaves.
/// </summary>
public abstract class LordOnlyBackgroundService : IHostedService, IDisposable
{
    private readonly TimeProvider _time;
    private CancellationTokenSource? _stopping;
    private Task? _running;

    /// <summary>Creates the service.</summary>
    /// <param name="legion">The legion whose lordship bounds the work.</param>
    /// <param name="logger">Logs each reign and failures; null for none.</param>
    /// <param name="timeProvider">Clock for <see cref="RestartDelay"/>; null for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="legion"/> is null.</exception>
    protected LordOnlyBackgroundService(ILegion legion, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(legion);
        Legion = legion;
        Logger = logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The legion whose lordship bounds the work.</summary>
    protected ILegion Legion { get; }

    /// <summary>The logger given to the constructor (or a null logger).</summary>
    protected ILogger Logger { get; }

    /// <summary>The clock given to the constructor (or <see cref="TimeProvider.System"/>).</summary>
    protected TimeProvider TimeProvider => _time;

    /// <summary>Wait before running <see cref="ExecuteAsync"/> again after it threw while the node was still Lord. Default 1 s.</summary>
    protected virtual TimeSpan RestartDelay => TimeSpan.FromSeconds(1);

    /// <summary>
    /// The lord-only work. <paramref name="lordshipToken"/> is cancelled as soon as this node stops being Lord or
    /// the host stops; an <see cref="OperationCanceledException"/> for it is the normal way out.
    /// </summary>
    /// <param name="lordshipToken">Cancelled on unlord and at shutdown.</param>
    /// <returns>The work.</returns>
    protected abstract Task ExecuteAsync(CancellationToken lordshipToken);

    /// <summary>Starts waiting for lordship in the background; returns at once.</summary>
    /// <param name="cancellationToken">Unused: starting never waits.</param>
    /// <returns>A completed task.</returns>
    public virtual Task StartAsync(CancellationToken cancellationToken)
    {
        _stopping = new CancellationTokenSource();
        _running = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Cancels the work and waits for it to end, or for <paramref name="cancellationToken"/>.</summary>
    /// <param name="cancellationToken">Gives up waiting (the host's shutdown timeout).</param>
    /// <returns>A task that completes when the work has ended or waiting was given up.</returns>
    public virtual async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_running is not { } running)
        {
            return;
        }
        await _stopping!.CancelAsync().ConfigureAwait(false);
        await running.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Cancels the work (without waiting).</summary>
    public virtual void Dispose()
    {
        _stopping?.Cancel();
        GC.SuppressFinalize(this);
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Legion.WaitForLordshipAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var reign = Legion.LordshipToken;
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, reign);
            Logger.LogInformation("Lord of legion {Legion}: starting {Service}", Legion.Name, GetType().Name);
            bool failed = false;
            try
            {
                await ExecuteAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (linked.IsCancellationRequested)
            {
                // Lordship or the host ended: the normal way out.
            }
            catch (Exception ex)
            {
                failed = true;
                Logger.LogError(ex, "{Service} failed while this node is the Lord of legion {Legion}", GetType().Name, Legion.Name);
            }
            if (linked.IsCancellationRequested)
            {
                Logger.LogInformation("{Service} stopped: {Reason}", GetType().Name, stopping.IsCancellationRequested ? "shutting down" : $"no longer the Lord of legion {Legion.Name}");
                continue;
            }
            // Still Lord: after a failure restart it, after a normal return wait for the next lordship.
            await WaitQuietly(failed ? RestartDelay : Timeout.InfiniteTimeSpan, linked.Token).ConfigureAwait(false);
        }
    }

    private async Task WaitQuietly(TimeSpan delay, CancellationToken token)
    {
        try
        {
            await Task.Delay(delay, _time, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Lordship or the host ended.
        }
    }
}
