using System.Text.RegularExpressions;

namespace Legion.Actors.Tests.Host;

/// <summary>The live status page of the `legion` host, in real headless Chromium.</summary>
[Trait("Category", "Process")]
public sealed partial class StatusPageTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static string Artifacts => Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;

    private static LegionHostProcess StartNode(string name, int port, int peer, int valor, params string[] extra) =>
        LegionHostProcess.Start(
        [
            "--legion", $"web 127.0.0.1:{port} {valor} aes-128-cbc:s3cret", "--legion-node", $"web 127.0.0.1:{peer}",
            "--legion-freq", "250ms", "--legion-tolerance", "1s", "--node-name", name, "--legion-scroll", $"web role={name}", .. extra,
        ]);

    [Fact]
    public async Task The_page_shows_the_Lord_after_an_election_and_the_new_one_after_a_failover_without_a_reload()
    {
        var ports = LoopbackPorts.FreeUdp().Port;
        var other = LoopbackPorts.FreeUdp().Port;
        var dir = Directory.CreateTempSubdirectory("legion-token-");
        var tokenFile = Path.Combine(dir.FullName, "token");
        await File.WriteAllTextAsync(tokenFile, "page-token-123\n");
        using var alpha = StartNode("alpha", ports, other, 90);
        using var bravo = StartNode("bravo", other, ports, 50, "--control", "127.0.0.1:0", "--control-token-file", tokenFile);
        var url = ControlUrl().Match(bravo.WaitForLine("Control endpoint and status page on", Deadline)).Groups[1].Value;

        await using var browser = await HeadlessChromium.OpenAsync(url + "#token=page-token-123", Deadline);
        var lord = await browser.UntilAsync("the page shows alpha as Lord", "document.getElementById('lord-web')?.textContent", t => t == "alpha", Deadline);
        var rows = await browser.EvaluateAsync("document.querySelectorAll('#members-web tbody tr').length");
        var members = await browser.EvaluateAsync("document.getElementById('members-web').innerText");
        await File.WriteAllBytesAsync(Path.Combine(Artifacts, "status-page-election.png"), await browser.ScreenshotAsync());

        Assert.Equal("alpha", lord);
        Assert.Equal("2", rows);
        Assert.Contains("bravo", members);
        Assert.Contains("90", members);

        alpha.Signal(Signals.SIGKILL);
        lord = await browser.UntilAsync("the page shows bravo as Lord", "document.getElementById('lord-web')?.textContent", t => t == "bravo", Deadline);
        var timeline = await browser.UntilAsync("the timeline tells", "document.getElementById('timeline').innerText", t => t?.Contains("Lord is now bravo") == true, Deadline);
        await File.WriteAllBytesAsync(Path.Combine(Artifacts, "status-page-failover.png"), await browser.ScreenshotAsync());

        Assert.Contains("member alpha (valor 90) left", timeline);
        Assert.DoesNotContain(bravo.Lines, l => l.Contains("page-token-123", StringComparison.Ordinal));
        dir.Delete(recursive: true);
    }

    [GeneratedRegex(@"status page on (http://\S+/)")]
    private static partial Regex ControlUrl();
}
