using Legion.Actors.Configuration;

namespace Legion.Host;

/// <summary>Turns the host's command line into validated options.</summary>
internal static class HostConfiguration
{
    /// <summary>Parses uWSGI-style options (and the ini files they name) and validates the result.</summary>
    /// <exception cref="LegionConfigurationException">Anything malformed; the message names the source.</exception>
    public static LegionConfigurationResult Load(string[] args) => throw new NotImplementedException("wired up when the configuration branch lands");
}
