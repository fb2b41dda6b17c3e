using Legion.Actors.Actions;
using Legion.Actors.Configuration;
using Legion.Actors.Model;

namespace Legion.Actors.Hosting;

/// <summary>
/// The checks the <c>legion</c> host makes before it starts anything, with the same rules and messages: options
/// uWSGI has but this version does not implement yet are refused (a drop-in that silently skipped them would lose
/// work), then <see cref="LegionOptions.Validate"/>, then every action must name a known kind. <c>AddLegion</c> and
/// <c>legion check-config</c> use it. Thread-safe (stateless).
/// </summary>
public static class LegionStartupCheck
{
    /// <summary>Checks that <paramref name="options"/> can run with <paramref name="actions"/>.</summary>
    /// <param name="options">The parsed options.</param>
    /// <param name="actions">The action kinds the node will have.</param>
    /// <exception cref="LegionConfigurationException">The first problem; the message names its source and the value, secrets masked.</exception>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void Check(LegionOptions options, LegionActionRegistry actions)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(actions);
        if (options.Unsupported.Count > 0)
        {
            var first = options.Unsupported[0];
            throw new LegionConfigurationException(first.Source, $"'{first.Key}' is a uWSGI legion option this version does not implement yet",
                string.Join(", ", options.Unsupported.Select(u => $"{u.Key} ({u.Source})")),
                "only the options listed by 'legion --help'; remove it or run it under uWSGI");
        }
        if (options.DeathOnLordError > TimeSpan.Zero)
        {
            throw new LegionConfigurationException(options.Origin, "'legion-death-on-lord-error' is not implemented yet",
                LegionDuration.Format(options.DeathOnLordError), "no legion-death-on-lord-error option");
        }
        options.Validate();
        foreach (var legion in options.Legions)
        {
            foreach (var action in legion.Actions.Where(a => actions.Find(a.Kind) is null))
            {
                throw new LegionConfigurationException(legion.Source.Length > 0 ? legion.Source : options.Origin,
                    $"unknown action kind '{action.Kind}' for {LegionEventName(action.Event)} of legion '{legion.Name}'", action.ToString(),
                    $"one of {string.Join(", ", actions.Kinds)}");
            }
        }
    }

    private static string LegionEventName(LegionEvent legionEvent) => LegionActionContext.PhaseOf(legionEvent);
}
