using Legion.Actors.Actors;
using Legion.Actors.Hosting;
using Legion.Actors.Model;

namespace Legion.Actors.Tests.Hosting;

/// <summary>An <see cref="ILegion"/> whose lordship the test switches by hand.</summary>
internal sealed class FakeLegion(string name = "web") : ILegion
{
    private readonly object _gate = new();
    private CancellationTokenSource? _reign;
    private TaskCompletionSource _crowned = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public event EventHandler<LegionEventFired>? EventFired;

    public event EventHandler<LegionSnapshot>? Changed;

    public string Name { get; } = name;

    public LegionSnapshot Snapshot => LegionSnapshot.NotRunning(Name, 0) with { IsRunning = true, LordSince = IsLord ? 1 : 0 };

    public bool IsRunning => true;

    public bool IsLord
    {
        get
        {
            lock (_gate)
            {
                return _reign is not null;
            }
        }
    }

    public LegionLord? Lord => null;

    public IReadOnlyList<Member> Members => [];

    public bool HasQuorum => true;

    public CancellationToken LordshipToken
    {
        get
        {
            lock (_gate)
            {
                return _reign?.Token ?? new CancellationToken(true);
            }
        }
    }

    public IObservable<LegionEventFired> Events => throw new NotSupportedException();

    public void Crown()
    {
        lock (_gate)
        {
            _reign = new CancellationTokenSource();
            _crowned.TrySetResult();
        }
        Changed?.Invoke(this, Snapshot);
    }

    public void Unlord()
    {
        CancellationTokenSource? reign;
        lock (_gate)
        {
            reign = _reign;
            _reign = null;
            _crowned = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        reign?.Cancel();
        EventFired?.Invoke(this, null!);
    }

    public Task WaitForLordshipAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return _crowned.Task.WaitAsync(cancellationToken);
        }
    }

    public Task<LegionStatus> GetStatusAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<ControlOutcome> ChangeValorAsync(ValorRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<ControlOutcome> StepDownAsync(TimeSpan? period = null, bool force = false, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<ControlOutcome> ReplaceScrollAsync(string? scroll, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
