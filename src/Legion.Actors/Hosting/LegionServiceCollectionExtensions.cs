using System.Diagnostics.Metrics;
using Legion.Actors.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Legion.Actors.Hosting;

/// <summary>
/// Runs a legion node inside a Microsoft.Extensions.Hosting application:
/// <code>
/// builder.Services.AddLegion(builder.Configuration.GetSection("Legion"));
/// builder.Services.AddHostedService&lt;MyLordOnlyService&gt;();   // a LordOnlyBackgroundService
/// </code>
/// Registers <see cref="ILegionRegistry"/> (and <see cref="LegionRegistry"/>), one <see cref="ILegion"/> per legion
/// keyed by its name (and unkeyed when there is exactly one legion), and a hosted service that starts the node with
/// the host and leaves every legion when it stops. The clock (<see cref="TimeProvider"/>), logging
/// (<see cref="ILoggerFactory"/>) and <see cref="IMeterFactory"/> are taken from the container when registered.
/// </summary>
public static class LegionServiceCollectionExtensions
{
    /// <summary>
    /// Adds a node configured from a configuration section (appsettings.json, environment variables, ...), in the
    /// form <see cref="LegionConfiguration"/> documents, validated at once exactly as the <c>legion</c> host does.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">Typically <c>configuration.GetSection("Legion")</c>.</param>
    /// <param name="configure">Adjusts action kinds, host name, start timeout; null for the defaults.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="LegionConfigurationException">
    /// A value is malformed or cannot run; the message names its configuration path (<c>Legion:Legions:0:Valor</c>),
    /// the value (secrets masked) and what was expected, as the host's.
    /// </exception>
    /// <exception cref="InvalidOperationException"><c>AddLegion</c> was already called on this collection.</exception>
    public static IServiceCollection AddLegion(this IServiceCollection services, IConfiguration configuration, Action<LegionHostingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var hosting = LegionHostingOptions.Create(configure);
        var result = hosting.Read(configuration);
        return Register(services, result.Options, result.Warnings, hosting);
    }

    /// <summary>Adds a node configured in code, validated at once exactly as the <c>legion</c> host does.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="options">The legions and tunables.</param>
    /// <param name="configure">Adjusts action kinds, host name, start timeout; null for the defaults.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="LegionConfigurationException">The options cannot run (no legion, bad timers, unknown action kind, ...).</exception>
    /// <exception cref="InvalidOperationException"><c>AddLegion</c> was already called on this collection.</exception>
    public static IServiceCollection AddLegion(this IServiceCollection services, LegionOptions options, Action<LegionHostingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        return Register(services, options, [], LegionHostingOptions.Create(configure));
    }

    /// <summary>
    /// Adds a lord-only scheduled job, the .NET form of uWSGI's <c>legion-cron</c>: <paramref name="run"/> runs at
    /// each time of <paramref name="schedule"/> while this node is the Lord of the legion, and is cancelled when it
    /// stops being Lord. Runs never overlap: an occurrence that falls while the previous run still runs is skipped
    /// (as <c>unique-legion-cron</c>). A failed run is logged; the schedule goes on.
    /// </summary>
    /// <param name="services">The service collection (after <c>AddLegion</c>).</param>
    /// <param name="name">The job's name, for logs.</param>
    /// <param name="schedule">When to run.</param>
    /// <param name="run">The work; its token is cancelled on unlord and at shutdown.</param>
    /// <param name="legion">The legion; null when there is exactly one.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddLordOnlyJob(this IServiceCollection services, string name, LegionSchedule schedule,
        Func<IServiceProvider, CancellationToken, Task> run, string? legion = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(run);
        services.AddSingleton<IHostedService>(sp => new LordOnlyJob(
            legion is null ? sp.GetRequiredService<ILegion>() : sp.GetRequiredService<ILegionRegistry>()[legion],
            name, schedule, token => run(sp, token),
            sp.GetService<ILoggerFactory>()?.CreateLogger($"Legion.Jobs.{name}"),
            sp.GetService<TimeProvider>()));
        return services;
    }

    private static IServiceCollection Register(IServiceCollection services, LegionOptions options, IReadOnlyList<string> warnings, LegionHostingOptions hosting)
    {
        if (services.Any(d => d.ServiceType == typeof(LegionStartup)))
        {
            throw new InvalidOperationException("AddLegion was already called: a service provider runs one node; declare every legion in one configuration");
        }
        LegionStartupCheck.Check(options, hosting.Actions);
        services.AddSingleton(new LegionStartup(options, warnings, hosting));
        services.AddSingleton(sp => new LegionRegistry(options, sp.GetService<TimeProvider>(), sp.GetService<IMeterFactory>()));
        services.AddSingleton<ILegionRegistry>(sp => sp.GetRequiredService<LegionRegistry>());
        foreach (var legion in options.Legions)
        {
            var name = legion.Name;
            services.AddKeyedSingleton<ILegion>(name, (sp, _) => sp.GetRequiredService<LegionRegistry>()[name]);
        }
        if (options.Legions is [var only])
        {
            services.AddSingleton<ILegion>(sp => sp.GetRequiredService<LegionRegistry>()[only.Name]);
        }
        services.AddHostedService<LegionHostedService>();
        return services;
    }
}
