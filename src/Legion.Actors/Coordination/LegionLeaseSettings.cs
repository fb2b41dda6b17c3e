using Akka.Configuration;
using Akka.Coordination;

namespace Legion.Actors.Coordination;

/// <summary>
/// What a <see cref="LegionLease"/> reads from its config section (<see cref="DefaultConfigPath"/> by default, over
/// Akka.Coordination's <c>akka.coordination.lease</c>; every key, its unit and default are documented in this
/// library's <c>lease.conf</c>, <see cref="LegionLease.DefaultConfig"/>). Immutable.
/// </summary>
public sealed record LegionLeaseSettings
{
    /// <summary>The config path of this library's lease section: <c>legion.lease</c>. Name it in <c>use-lease</c> or <c>lease-implementation</c>.</summary>
    public const string DefaultConfigPath = "legion.lease";

    /// <summary>The key that names the legion: <c>legion</c> (in full, <c>legion.lease.legion</c> by default).</summary>
    public const string LegionKey = "legion";

    /// <summary>
    /// The legion whose Lord holds the lease (<c>legion</c>; its name as in <c>--legion NAME ...</c>). Required, never
    /// empty. The legion runs in the lease's own ActorSystem.
    /// </summary>
    public required string Legion { get; init; }

    /// <summary>
    /// How long <see cref="LegionLease.Acquire()"/> and <see cref="LegionLease.Release"/> wait for the legion to
    /// answer (<c>lease-operation-timeout</c>, positive). Default 5 s, as Akka.Coordination's.
    /// </summary>
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The settings of a lease Akka.NET's <see cref="LeaseProvider"/> made (its section, merged over <c>akka.coordination.lease</c>).</summary>
    /// <param name="settings">What the <see cref="LeaseProvider"/> passed to the lease's constructor.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="ConfigurationException"><c>legion</c> is missing or empty, or <c>lease-operation-timeout</c> is not positive.</exception>
    public static LegionLeaseSettings Create(LeaseSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var created = Create(settings.LeaseConfig);
        return created with { OperationTimeout = Positive(settings.TimeoutSettings.OperationTimeout) };
    }

    /// <summary>The settings in one lease section (<c>legion</c>, <c>lease-operation-timeout</c>), with <see cref="LegionLease.DefaultConfig"/>'s section as the fallback.</summary>
    /// <param name="leaseConfig">The section itself (the contents of <c>legion.lease</c>, not the whole system config).</param>
    /// <returns>The settings.</returns>
    /// <exception cref="ConfigurationException"><c>legion</c> is missing or empty, or <c>lease-operation-timeout</c> is not positive.</exception>
    public static LegionLeaseSettings Create(Config leaseConfig)
    {
        ArgumentNullException.ThrowIfNull(leaseConfig);
        var c = leaseConfig.WithFallback(LegionLease.DefaultConfig().GetConfig(DefaultConfigPath));
        string legion = c.GetString(LegionKey, "")?.Trim() ?? "";
        if (legion.Length == 0)
        {
            throw new ConfigurationException(
                $"the lease's '{LegionKey}' setting ({DefaultConfigPath}.{LegionKey} by default) is empty: name the legion whose Lord holds the lease, e.g. {DefaultConfigPath}.{LegionKey} = \"web\"");
        }
        return new LegionLeaseSettings
        {
            Legion = legion,
            OperationTimeout = Positive(c.GetTimeSpan("lease-operation-timeout", TimeSpan.FromSeconds(5))),
        };
    }

    private static TimeSpan Positive(TimeSpan value) =>
        value > TimeSpan.Zero ? value : throw new ConfigurationException($"lease-operation-timeout = {value}: expected a positive duration, e.g. 5s");
}
