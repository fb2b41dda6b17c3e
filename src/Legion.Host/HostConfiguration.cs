using Legion.Actors.Actions;
using Legion.Actors.Configuration;

namespace Legion.Host;

/// <summary>Turns the host's command line into validated options.</summary>
internal static class HostConfiguration
{
    /// <summary>
    /// Parses uWSGI-style options (and the ini files they name), checks every action against the
    /// action kinds this host has, and validates the result. Legion options that are recognised but not
    /// implemented are an error here: a drop-in that silently skipped them would lose work. (This version implements
    /// every legion option of uWSGI 2.0, so only a newer uWSGI's options could trigger it.)
    /// </summary>
    /// <param name="args">The command line, without the program name.</param>
    /// <param name="actions">The action kinds available.</param>
    /// <exception cref="LegionConfigurationException">Anything malformed; the message names the source.</exception>
    public static LegionConfigurationResult Load(string[] args, LegionActionRegistry actions)
    {
        var settings = LegionConfigurationSettings.Default with { ActionKinds = actions.Kinds };
        var result = UwsgiOptions.FromCommandLine(args, settings);
        var options = result.Options;
        if (options.Unsupported.Count > 0)
        {
            var first = options.Unsupported[0];
            throw new LegionConfigurationException(first.Source, $"'{first.Key}' is a uWSGI legion option this version does not implement yet",
                string.Join(", ", options.Unsupported.Select(u => $"{u.Key} ({u.Source})")),
                "only the options listed by 'legion --help'; remove it or run it under uWSGI");
        }
        options.Validate();
        return result;
    }
}
