namespace Legion.Actors.Configuration;

/// <summary>
/// One alarm, declared as <c>alarm = NAME KIND:ARGUMENT</c> (uWSGI 2.0 alarm.c, <c>uwsgi_alarms_init</c>) and
/// raised by the action <c>alarm:NAME MESSAGE</c>. Kinds: <c>cmd:COMMAND</c> runs the command with the message on its
/// standard input, <c>log:PREFIX</c> logs <c>ALARM: PREFIX MESSAGE</c>, <c>signal:N</c> raises signal N (see
/// <see cref="Actions.LegionSignalBus"/>); hosts may register more (<see cref="Actions.LegionAlarmRegistry"/>).
/// </summary>
/// <param name="Name">The alarm's name; no white space.</param>
/// <param name="Kind">The alarm kind, the text before the first <c>:</c>.</param>
/// <param name="Argument">Everything after that <c>:</c>; may be empty.</param>
/// <param name="Source">Where it was declared, for messages.</param>
public sealed record LegionAlarmSpec(string Name, string Kind, string Argument, string Source = "")
{
    /// <summary><c>NAME KIND:ARGUMENT</c>.</summary>
    public override string ToString() => $"{Name} {Kind}:{Argument}";
}
