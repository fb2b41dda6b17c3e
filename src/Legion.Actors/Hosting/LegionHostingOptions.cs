using Legion.Actors.Actions;
using Legion.Actors.Configuration;
using Microsoft.Extensions.Configuration;

namespace Legion.Actors.Hosting;

/// <summary>
/// How <c>AddLegion</c> (or Akka.Hosting's <c>WithLegion</c>) runs the node, apart from the legion configuration. Every property has a production
/// default; the clock, logging and meter factory come from dependency injection when registered there.
/// </summary>
public sealed class LegionHostingOptions
{
    /// <summary>Action kinds available to events; configuration naming another kind is refused. Default: <c>cmd</c>, <c>exec</c>, <c>log</c>.</summary>
    public LegionActionRegistry Actions { get; set; } = LegionActionRegistry.CreateDefault();

    /// <summary>Host name announced as <c>name</c>; null (default) for the machine's host name, as uWSGI.</summary>
    public string? HostName { get; set; }

    /// <summary>How long starting may take before the host fails to start. Default 10 s.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The options after <paramref name="configure"/> ran on the defaults (AddLegion's and WithLegion's one way to make them).</summary>
    internal static LegionHostingOptions Create(Action<LegionHostingOptions>? configure)
    {
        var hosting = new LegionHostingOptions();
        configure?.Invoke(hosting);
        return hosting;
    }

    /// <summary>Reads and validates a configuration section, knowing these options' action kinds.</summary>
    /// <exception cref="LegionConfigurationException">A value is malformed or cannot run.</exception>
    internal LegionConfigurationResult Read(IConfiguration configuration) =>
        LegionConfiguration.FromConfiguration(configuration, LegionConfigurationSettings.Default with { ActionKinds = Actions.Kinds });
}
