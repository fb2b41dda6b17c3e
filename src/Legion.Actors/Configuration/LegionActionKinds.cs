namespace Legion.Actors.Configuration;

/// <summary>
/// The action kinds (<c>KIND</c> in <c>legion-lord = NAME KIND:ARGUMENT</c>) that configuration accepts unless
/// told otherwise through <see cref="LegionConfigurationSettings.ActionKinds"/>.
/// </summary>
public static class LegionActionKinds
{
    /// <summary>
    /// <c>cmd</c>, <c>exec</c>, <c>log</c>, <c>signal</c>, <c>alarm</c>: the kinds uWSGI 2.0 registers itself
    /// (legion.c, <c>uwsgi_start_legions</c>). Compared case-sensitively, as uWSGI does.
    /// </summary>
    public static IReadOnlyList<string> Default { get; } = ["cmd", "exec", "log", "signal", "alarm"];

    /// <summary>
    /// <c>cmd</c>, <c>log</c>, <c>signal</c>: the alarm kinds (<c>alarm = NAME KIND:ARGUMENT</c>) built in, as uWSGI 2.0
    /// registers them (alarm.c, <c>uwsgi_register_embedded_alarms</c>) except <c>mule</c>, which needs uWSGI's mules.
    /// </summary>
    public static IReadOnlyList<string> AlarmKinds { get; } = ["cmd", "log", "signal"];
}
