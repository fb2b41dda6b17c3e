using Legion.Actors.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Legion.Host;

/// <summary>
/// Exports the <c>Legion</c> meter with OpenTelemetry's OTLP exporter when <c>--otlp-endpoint</c> or
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> asks for it (the exporter reads the other <c>OTEL_*</c> variables itself:
/// protocol, headers, interval). Disposing flushes and stops the exporter.
/// </summary>
internal static class HostTelemetry
{
    public static IDisposable? Start(HostOnlyOptions host, ILogger log)
    {
        if (!host.Otlp)
        {
            return null;
        }
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
}
