using Legion.Actors.Tests.Support;
using Akka.Actor;
using Legion.Actors.Actors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Legion.Actors.Tests.Hosting;

/// <summary>The README's Akka.Hosting example is the file ReadmeAkkaHostingExample.cs, which compiles and runs here.</summary>
public sealed class ReadmeAkkaHostingTests : Akka.TestKit.Xunit2.TestKit
{
    private const string Heading = "## Embedding in an Akka.NET application";

    [Fact]
    public void The_README_example_is_the_compiled_and_tested_example_file()
    {
        ReadmeExample.AssertShows(Heading, "tests/Legion.Actors.Tests/Hosting/ReadmeAkkaHostingExample.cs", "Legion.Actors.Tests.Hosting", "MyService");
    }

    [Fact]
    public async Task The_example_application_becomes_Lord_runs_its_report_scheduler_and_publishes_LordChanged()
    {
        var port = LoopbackLegion.Ports(1)[0].Port;
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Legion:Frequency"] = "200ms",
            ["Legion:Tolerance"] = "1s",
            ["Legion:Legions:0:Name"] = "web",
            ["Legion:Legions:0:Address"] = $"127.0.0.1:{port}",
            ["Legion:Legions:0:Valor"] = "90",
            ["Legion:Legions:0:Cipher"] = "aes-128-cbc",
            ["Legion:Legions:0:Secret"] = "topsecret",
        });
        using var host = EmbeddedLegion.Build(builder, TestActor);

        await host.StartAsync();

        var crowned = await FishForMessageAsync<LordChanged>(c => c.IsSelf, LoopbackLegion.Patience);
        Assert.Equal("web", crowned.Legion);
        var report = await Eventually.Until("the report scheduler answers", _ => EmbeddedLegion.AskReportAsync(host.Services),
            r => r.Length > 0, LoopbackLegion.Patience, () => "");
        Assert.Equal("reporting from app", report);
        await host.StopAsync();
    }
}
