using System.Net;
using System.Text;

namespace Legion.Actors.Tests.Host;

/// <summary>The host's OTLP export and Serilog configuration file, on the real executable.</summary>
[Trait("Category", "Process")]
public sealed class HostTelemetryAndLoggingTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static string[] Node(int port) => ["--legion", $"web 127.0.0.1:{port} 90 aes-128-cbc:s3cret", "--legion-freq", "250ms", "--legion-tolerance", "1s"];

    [Fact]
    public async Task The_Legion_meter_reaches_an_OTLP_collector()
    {
        var collector = LoopbackPorts.FreeTcp();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{collector.Port}/");
        listener.Start();
        var received = new TaskCompletionSource<(string Path, byte[] Body)>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                var context = await listener.GetContextAsync();
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                context.Response.StatusCode = 200;
                context.Response.Close();
                if (Encoding.UTF8.GetString(body.ToArray()).Contains("legion.members", StringComparison.Ordinal))
                {
                    received.TrySetResult((context.Request.Url!.AbsolutePath, body.ToArray()));
                }
            }
        });

        using var host = LegionHostProcess.Start([.. Node(LoopbackPorts.FreeUdp().Port), "--otlp-endpoint", $"http://127.0.0.1:{collector.Port}/v1/metrics"],
            new Dictionary<string, string> { ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf", ["OTEL_METRIC_EXPORT_INTERVAL"] = "500" });
        host.WaitForLine("Exporting the Legion meter over OTLP", Deadline);
        var (path, payload) = await received.Task.WaitAsync(Deadline);

        Assert.Equal("/v1/metrics", path);
        Assert.Contains("legion.lord", Encoding.UTF8.GetString(payload));
        listener.Stop();
    }

    [Fact]
    public void A_Serilog_configuration_file_sets_the_sinks_and_levels()
    {
        var dir = Directory.CreateTempSubdirectory("legion-logconfig-");
        var file = Path.Combine(dir.FullName, "logging.json");
        File.WriteAllText(file, """
            { "Serilog": { "Using": [ "Serilog.Sinks.Console" ], "MinimumLevel": "Debug",
                           "WriteTo": [ { "Name": "Console", "Args": { "outputTemplate": "CUSTOM|{Level:u3}|{Message:lj}{NewLine}" } } ] } }
            """);
        try
        {
            using var host = LegionHostProcess.Start([.. Node(LoopbackPorts.FreeUdp().Port), "--log-config", file]);

            var line = host.WaitForLine("is now the Lord of legion web", Deadline);

            Assert.StartsWith("CUSTOM|INF|", line);
            host.Signal(Signals.SIGTERM);
            Assert.Equal(0, host.WaitForExit(Deadline));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_legion_actors_lines_reach_Serilog_through_Akka_Logger_Serilog_with_their_actor_and_template()
    {
        var dir = Directory.CreateTempSubdirectory("legion-logconfig-");
        var file = Path.Combine(dir.FullName, "logging.json");
        // LogSource and SourceContext are what Akka.Logger.Serilog adds to each event from the EventStream (the actor's
        // path and type); a line written by a Microsoft.Extensions.Logging logger has no LogSource.
        File.WriteAllText(file, """
            { "Serilog": { "Using": [ "Serilog.Sinks.Console" ], "MinimumLevel": "Information",
                           "WriteTo": [ { "Name": "Console", "Args": { "outputTemplate": "AKKA|{LogSource}|{SourceContext}|{Message:lj}{NewLine}" } } ] } }
            """);
        try
        {
            using var host = LegionHostProcess.Start([.. Node(LoopbackPorts.FreeUdp().Port), "--log-config", file]);

            var line = host.WaitForLine("is now the Lord of legion web", Deadline);

            Assert.Matches(@"^AKKA\|akka://legion/user/legions/legion-web/election\|Legion\.Actors\.Actors\.ElectionActor\|This node \(", line);
            host.Signal(Signals.SIGTERM);
            Assert.Equal(0, host.WaitForExit(Deadline));
            Assert.Contains(host.Output.Split('\n'), l => l.StartsWith("AKKA|akka://legion/user/legions/legion-web|", StringComparison.Ordinal) && l.EndsWith("Left legion web: death announce sent", StringComparison.Ordinal));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
