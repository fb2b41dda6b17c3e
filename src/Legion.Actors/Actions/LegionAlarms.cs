using Legion.Actors.Configuration;
using Microsoft.Extensions.Logging;

namespace Legion.Actors.Actions;

/// <summary>
/// The alarms of a node (<c>alarm = NAME KIND:ARGUMENT</c>) and their anti-loop throttle: an alarm raised again with
/// the same message within <c>alarm-freq</c> (default 3 s) of its last run is skipped, as uWSGI 2.0's
/// <c>uwsgi_alarm_run</c> does. One instance per node, shared by its legions; thread-safe.
/// </summary>
public sealed class LegionAlarms
{
    private readonly Dictionary<string, (LegionAlarmSpec Spec, ILegionAlarm? Kind, State State)> _alarms = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly TimeSpan _frequency;

    /// <summary>Creates the alarms of a node.</summary>
    /// <param name="alarms">The declarations; of two with one name, the first is used (as uWSGI).</param>
    /// <param name="kinds">The alarm kinds available; a declaration of an unknown kind fails when raised.</param>
    /// <param name="time">Clock for the throttle.</param>
    /// <param name="frequency">The throttle window (<c>alarm-freq</c>); zero turns it off.</param>
    public LegionAlarms(IEnumerable<LegionAlarmSpec> alarms, LegionAlarmRegistry kinds, TimeProvider time, TimeSpan frequency)
    {
        ArgumentNullException.ThrowIfNull(alarms);
        ArgumentNullException.ThrowIfNull(kinds);
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _frequency = frequency;
        foreach (var alarm in alarms)
        {
            _alarms.TryAdd(alarm.Name, (alarm, kinds.Find(alarm.Kind), new State()));
        }
    }

    /// <summary>No alarms.</summary>
    public static LegionAlarms None { get; } = new([], new LegionAlarmRegistry(), TimeProvider.System, TimeSpan.Zero);

    /// <summary>The declared alarm names, in declaration order.</summary>
    public IReadOnlyList<string> Names => _alarms.Keys.ToList();

    /// <summary>
    /// Raises alarm <paramref name="name"/> with <paramref name="message"/>: runs its kind unless the throttle skips it
    /// (then succeeds at once). Fails for an unknown name or kind, or when the kind fails.
    /// </summary>
    /// <param name="name">The alarm's name.</param>
    /// <param name="message">The message.</param>
    /// <param name="context">The raising action's context.</param>
    /// <param name="cancellationToken">Cancelled on timeout or shutdown.</param>
    public async Task<LegionActionResult> RaiseAsync(string name, string message, LegionActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!_alarms.TryGetValue(name, out var alarm))
        {
            return LegionActionResult.Failure($"alarm '{name}' is not declared");
        }

        if (alarm.Kind is null)
        {
            return LegionActionResult.Failure($"alarm '{name}' has kind '{alarm.Spec.Kind}', which this node does not know");
        }

        var now = _time.GetTimestamp();
        lock (alarm.State)
        {
            if (alarm.State.LastMessage == message && alarm.State.LastRun is { } last && _time.GetElapsedTime(last, now) < _frequency)
            {
                context.Logger.LogDebug("Alarm {Alarm} skipped: the same message ran less than {Frequency} ago", name, _frequency);
                return LegionActionResult.Success;
            }

            alarm.State.LastMessage = message;
            alarm.State.LastRun = now;
        }

        try
        {
            return await alarm.Kind.RunAsync(alarm.Spec.Argument, message, context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return LegionActionResult.Failure($"{ex.GetType().Name}: {ex.Message}");
        }
    }

    private sealed class State
    {
        public string? LastMessage { get; set; }

        public long? LastRun { get; set; }
    }
}
