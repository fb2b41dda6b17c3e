namespace Legion.Actors.Actions;

/// <summary>
/// The alarm kinds a node knows, by kind name (case-sensitive, as uWSGI compares them). <see cref="CreateDefault"/>
/// holds <c>cmd</c>, <c>log</c> and <c>signal</c>; add more with <see cref="Register"/> before the node starts (and
/// pass their names in <see cref="Configuration.LegionConfigurationSettings.AlarmKinds"/> so configuration accepts
/// them). Not thread-safe while being filled; read-only afterwards.
/// </summary>
public sealed class LegionAlarmRegistry
{
    private readonly Dictionary<string, ILegionAlarm> _alarms = new(StringComparer.Ordinal);

    /// <summary>A registry with the built-in kinds: <c>cmd</c>, <c>log</c>, <c>signal</c>.</summary>
    public static LegionAlarmRegistry CreateDefault() =>
        new LegionAlarmRegistry().Register(new CommandAlarm()).Register(new LogAlarm()).Register(new SignalAlarm());

    /// <summary>The registered kind names, sorted.</summary>
    public IReadOnlyList<string> Kinds => _alarms.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>Adds or replaces the alarm for its kind; returns this registry.</summary>
    /// <exception cref="ArgumentException">The kind is empty or contains <c>:</c> or white space.</exception>
    public LegionAlarmRegistry Register(ILegionAlarm alarm)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        if (string.IsNullOrEmpty(alarm.Kind) || alarm.Kind.Any(c => c == ':' || char.IsWhiteSpace(c)))
        {
            throw new ArgumentException($"alarm kind '{alarm.Kind}' must be non-empty, without ':' or white space", nameof(alarm));
        }

        _alarms[alarm.Kind] = alarm;
        return this;
    }

    /// <summary>The alarm for a kind, or null when none is registered.</summary>
    public ILegionAlarm? Find(string kind) => _alarms.GetValueOrDefault(kind);
}
