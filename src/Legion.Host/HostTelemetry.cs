using System.Runtime.CompilerServices;
using Legion.Actors.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Legion.Host;

/// <summary>
/// The <c>Legion</c> meter, exported two ways with OpenTelemetry:
/// <list type="bullet">
/// <item>pushed with the OTLP exporter when <c>--otlp-endpoint</c> or <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> asks for it
/// (the exporter reads the other <c>OTEL_*</c> variables itself: protocol, headers, interval); disposing flushes and
/// stops it;</item>
/// <item>scraped in Prometheus text format at the control endpoint's <c>/metrics</c>, with OpenTelemetry's Prometheus
/// exporter for ASP.NET Core (its middleware, on a one-branch pipeline of its own since the endpoint runs bare
/// Kestrel). Names follow OpenTelemetry's Prometheus rules: dots become underscores, counters end in <c>_total</c>,
/// units in seconds end in <c>_seconds</c> (<c>legion.lord.changes</c> is <c>legion_lord_changes_total</c>,
/// <c>legion.actions.duration</c> is <c>legion_actions_duration_seconds</c>); every series keeps its <c>legion</c>
/// label.</item>
/// </list>
/// </summary>
internal static class HostTelemetry
{
    /// <summary>Starts the OTLP export if the options ask for it; null otherwise (then no OpenTelemetry assembly is loaded).</summary>
    public static IDisposable? Start(HostOnlyOptions host, ILogger log) => host.Otlp ? StartOtlp(host, log) : null;

    /// <summary>A meter provider whose Prometheus exporter collects the <c>Legion</c> meter at each scrape.</summary>
    public static MeterProvider StartScrape() =>
        Sdk.CreateMeterProviderBuilder()
            .AddMeter(LegionMetrics.MeterName)
            .AddPrometheusExporter(o =>
            {
                // Every scrape sees the node as it is now; scrapes are rare (Prometheus: every 15 s or more).
                o.ScrapeResponseCacheDurationMilliseconds = 0;
            })
            .Build();

    /// <summary>
    /// The request handler that answers a scrape from <paramref name="provider"/> (built with <see cref="StartScrape"/>):
    /// OpenTelemetry's scraping middleware on a pipeline of its own, for every path it is handed.
    /// </summary>
    public static RequestDelegate ScrapeHandler(MeterProvider provider)
    {
        var app = new ApplicationBuilder(new NoServices());
        app.UseOpenTelemetryPrometheusScrapingEndpoint(provider, predicate: _ => true, path: null!, configureBranchedPipeline: null!, optionsName: null!);
        return app.Build();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IDisposable StartOtlp(HostOnlyOptions host, ILogger log)
    {
        var provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(LegionMetrics.MeterName)
            .AddOtlpExporter(exporter =>
            {
                if (host.OtlpEndpoint is { } endpoint)
                {
                    exporter.Endpoint = endpoint;
                }
            })
            .Build();
        log.LogInformation("Exporting the {Meter} meter over OTLP to {Endpoint}", LegionMetrics.MeterName,
            Describe(host.OtlpEndpoint?.ToString() ?? Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")));
        return provider;
    }

    // Scheme, host and port only: a URL may carry credentials.
    private static string Describe(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.Host}:{uri.Port}" : "the exporter's default";

    /// <summary>The scrape pipeline's services: none (the middleware gets its meter provider as an argument).</summary>
    private sealed class NoServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}
