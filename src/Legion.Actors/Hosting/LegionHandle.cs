using Legion.Actors.Actors;
using Legion.Actors.Model;

namespace Legion.Actors.Hosting;

/// <summary>
/// The <see cref="ILegion"/> of one legion: keeps the latest snapshot from the node's EventStream, completes
/// lordship waiters and cancels the reign token on unlord. State changes happen under one lock; user handlers are
/// called outside it.
/// </summary>
internal sealed class LegionHandle : ILegion
{
    private static readonly CancellationToken NoReign = new(canceled: true);

    private readonly object _gate = new();
    private readonly List<TaskCompletionSource> _waiters = [];
    private readonly Broadcast<LegionEventFired> _events = new();
    private readonly int _quorum;
    private LegionSnapshot _snapshot;
    private LegionNode? _node;
    private CancellationTokenSource? _reign;

    public LegionHandle(string name, int quorum)
    {
        Name = name;
        _quorum = quorum;
        _snapshot = LegionSnapshot.NotRunning(name, quorum);
    }

    public event EventHandler<LegionEventFired>? EventFired;

    public event EventHandler<LegionSnapshot>? Changed;

    public string Name { get; }

    public LegionSnapshot Snapshot => Volatile.Read(ref _snapshot);

    public bool IsRunning => Snapshot.IsRunning;

    public bool IsLord => Snapshot.IsLord;

    public LegionLord? Lord => Snapshot.Lord;

    public IReadOnlyList<Member> Members => Snapshot.Members;

    public bool HasQuorum => Snapshot.HasQuorum;

    public IObservable<LegionEventFired> Events => _events;

    public CancellationToken LordshipToken
    {
        get
        {
            lock (_gate)
            {
                return _reign?.Token ?? NoReign;
            }
        }
    }

    public Task WaitForLordshipAsync(CancellationToken cancellationToken = default)
    {
        TaskCompletionSource waiter;
        lock (_gate)
        {
            if (_reign is not null)
            {
                return Task.CompletedTask;
            }
            cancellationToken.ThrowIfCancellationRequested();
            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add(waiter);
        }
        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(() =>
            {
                lock (_gate)
                {
                    _waiters.Remove(waiter);
                }
                waiter.TrySetCanceled(cancellationToken);
            });
            waiter.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        return waiter.Task;
    }

    public Task<LegionStatus> GetStatusAsync(CancellationToken cancellationToken = default) =>
        Node().GetStatusAsync(Name, cancellationToken);

    public Task<ControlOutcome> ChangeValorAsync(ValorRequest request, CancellationToken cancellationToken = default) =>
        Node().ChangeValorAsync(Name, request, cancellationToken);

    public Task<ControlOutcome> StepDownAsync(TimeSpan? period = null, bool force = false, CancellationToken cancellationToken = default) =>
        Node().StepDownAsync(Name, period, force, cancellationToken);

    public Task<ControlOutcome> ReplaceScrollAsync(string? scroll, CancellationToken cancellationToken = default) =>
        Node().ReplaceScrollAsync(Name, scroll, cancellationToken);

    /// <summary>The node now runs this legion.</summary>
    public void Attach(LegionNode node)
    {
        lock (_gate)
        {
            _node = node;
        }
    }

    /// <summary>Applies a status; returns the snapshots before and after.</summary>
    public (LegionSnapshot Before, LegionSnapshot After) OnStatus(LegionStatus status)
    {
        LegionSnapshot before, after;
        List<TaskCompletionSource>? crowned = null;
        CancellationTokenSource? ended = null;
        lock (_gate)
        {
            if (_node is null)
            {
                return (_snapshot, _snapshot);
            }
            before = _snapshot;
            after = LegionSnapshot.From(status, before);
            Volatile.Write(ref _snapshot, after);
            if (after.IsLord && _reign is null)
            {
                _reign = new CancellationTokenSource();
                crowned = [.. _waiters];
                _waiters.Clear();
            }
            else if (!after.IsLord && _reign is not null)
            {
                ended = _reign;
                _reign = null;
            }
        }
        crowned?.ForEach(w => w.TrySetResult());
        // Cancellation callbacks are the application's lord-only work: never run them on the actor's thread.
        _ = ended?.CancelAsync();
        RaiseChanged(after);
        return (before, after);
    }

    public void OnEvent(LegionEventFired fired)
    {
        try
        {
            EventFired?.Invoke(this, fired);
        }
        catch (Exception)
        {
            // A handler's bug must not break the actor that published the event.
        }
        _events.Publish(fired);
    }

    /// <summary>The node stopped: nobody is Lord here any more.</summary>
    public LegionSnapshot Detach()
    {
        CancellationTokenSource? ended;
        LegionSnapshot after;
        lock (_gate)
        {
            _node = null;
            after = LegionSnapshot.NotRunning(Name, _quorum, _snapshot.Self);
            Volatile.Write(ref _snapshot, after);
            ended = _reign;
            _reign = null;
        }
        _ = ended?.CancelAsync();
        RaiseChanged(after);
        return after;
    }

    public void Complete() => _events.Complete();

    private void RaiseChanged(LegionSnapshot snapshot)
    {
        try
        {
            Changed?.Invoke(this, snapshot);
        }
        catch (Exception)
        {
            // As in OnEvent.
        }
    }

    private LegionNode Node() =>
        Volatile.Read(ref _node) ?? throw new InvalidOperationException($"legion '{Name}' is not running (the node has not started, or has stopped)");
}
