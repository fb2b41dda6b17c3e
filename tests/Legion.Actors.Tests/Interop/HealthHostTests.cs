using System.Net.Sockets;
using System.Text.Json;

namespace Legion.Actors.Tests.Interop;

/// <summary><c>legion --legion-health</c> as a user runs it: a real command decides the valor, the stats show why.</summary>
[Trait("Category", "Process")]
public sealed class HealthHostTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_node_whose_check_fails_announces_valor_0_shows_why_in_its_stats_and_becomes_Lord_once_the_check_passes()
    {
        var dir = Directory.CreateTempSubdirectory("legion-health-").FullName;
        var ready = Path.Combine(dir, "ready");
        var legion = LoopbackPorts.FreeUdp();
        var stats = LoopbackPorts.FreeTcp();
        try
        {
            using var host = LegionHostProcess.Start(["--legion", $"web {legion} 90 aes-128-cbc:secret", "--legion-node", $"web {legion}",
                "--legion-freq", "250ms", "--legion-tolerance", "1s", "--stats", stats.ToString(),
                "--legion-health", $"web interval=250ms timeout=250ms rise=1 fall=1 name=ready cmd:test -e {ready}"]);
            host.WaitForLine("health check ready is Failing", Deadline);

            var failing = await Eventually.Until("stats show the failing check", token => Read(stats, token),
                web => web.GetProperty("valor").GetInt32() == 0, Deadline, () => host.Output);
            Assert.Equal(90, failing.GetProperty("base_valor").GetInt32());
            Assert.True(failing.GetProperty("health").GetProperty("ineligible").GetBoolean());
            var check = failing.GetProperty("health").GetProperty("checks")[0];
            Assert.Equal(("ready", "failing", "exit code 1"),
                (check.GetProperty("name").GetString(), check.GetProperty("state").GetString(), check.GetProperty("last_result").GetString()));
            Assert.Equal(0, failing.GetProperty("i_am_the_lord").GetInt64());

            File.WriteAllText(ready, "");
            host.WaitForLine("health check ready is Healthy", Deadline);
            host.WaitForLine("is now the Lord of legion web", Deadline);
            var healthy = await Eventually.Until("stats show the Lord with valor 90", token => Read(stats, token),
                web => web.GetProperty("valor").GetInt32() == 90 && web.GetProperty("i_am_the_lord").GetInt64() != 0, Deadline, () => host.Output);
            Assert.Equal("healthy", healthy.GetProperty("health").GetProperty("checks")[0].GetProperty("state").GetString());

            host.Signal(Signals.SIGTERM);
            Assert.Equal(0, host.WaitForExit(Deadline));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<JsonElement> Read(System.Net.IPEndPoint stats, CancellationToken token)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(stats, token);
        var raw = await new StreamReader(client.GetStream()).ReadToEndAsync(token);
        using var json = JsonDocument.Parse(raw);
        return json.RootElement.GetProperty("legions")[0].Clone();
    }
}
