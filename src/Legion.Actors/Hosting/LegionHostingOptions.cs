using Legion.Actors.Actions;

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
}
