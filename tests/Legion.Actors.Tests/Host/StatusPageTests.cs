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

    [Fact]
    public async Task A_member_claiming_lordship_is_marked_and_this_nodes_vote_shows_while_members_disagree()
    {
        // alpha and bravo announce to each other; carol announces to bravo only and hears nobody, so it rules alone. bravo
        // keeps alpha as its Lord, its members disagree (carol votes for itself), and its own vote is still alpha.
        var (alphaPort, bravoPort, carolPort) = (LoopbackPorts.FreeUdp().Port, LoopbackPorts.FreeUdp().Port, LoopbackPorts.FreeUdp().Port);
        using var alpha = StartNode("alpha", alphaPort, bravoPort, 90);
        using var bravo = StartNode("bravo", bravoPort, alphaPort, 50, "--control", "127.0.0.1:0");
        var url = ControlUrl().Match(bravo.WaitForLine("Control endpoint and status page on", Deadline)).Groups[1].Value;
        await using var browser = await HeadlessChromium.OpenAsync(url, Deadline);
        await browser.UntilAsync("the page shows alpha as Lord", "document.getElementById('lord-web')?.textContent", t => t == "alpha", Deadline);

        using var carol = StartNode("carol", carolPort, bravoPort, 30);
        carol.WaitForLine("is now the Lord of legion web", Deadline);
        const string CarolRow = "[...document.querySelectorAll('#members-web tbody tr')].find(r => r.cells[0].innerText.includes('carol'))";
        var carolRow = await browser.UntilAsync("carol's row is marked as claiming lordship", CarolRow + "?.innerText", t => t?.Contains("claims lordship") == true, Deadline);
        var marked = await browser.EvaluateAsync(CarolRow + ".classList.contains('claims')");
        var badge = await browser.EvaluateAsync("document.querySelector('#legion-web .badge').textContent");
        var ownVote = await browser.UntilAsync("bravo's own vote shows", "document.querySelector('#members-web tr.self').cells[3].innerText", t => t != "none", Deadline);
        var alphaRow = await browser.EvaluateAsync("[...document.querySelectorAll('#members-web tbody tr')].find(r => r.cells[0].innerText.includes('alpha')).innerText");
        await File.WriteAllBytesAsync(Path.Combine(Artifacts, "status-page-claim.png"), await browser.ScreenshotAsync());

        Assert.Equal("true", marked);
        Assert.Equal("members disagree", badge);
        Assert.Equal("alpha (90)", ownVote);
        Assert.DoesNotContain("claims lordship", alphaRow); // the Lord this node agrees on wears the crown, not the warning
        Assert.Contains("carol (30)", carolRow); // carol votes for itself
    }

    [Fact]
    public async Task A_step_down_reads_as_a_step_down_in_the_timeline_whose_scrollbar_is_dark()
    {
        var (alphaPort, bravoPort) = (LoopbackPorts.FreeUdp().Port, LoopbackPorts.FreeUdp().Port);
        using var alpha = StartNode("alpha", alphaPort, bravoPort, 90, "--control", "127.0.0.1:0");
        using var bravo = StartNode("bravo", bravoPort, alphaPort, 50, "--control", "127.0.0.1:0");
        var alphaUrl = ControlUrl().Match(alpha.WaitForLine("Control endpoint and status page on", Deadline)).Groups[1].Value;
        var url = ControlUrl().Match(bravo.WaitForLine("Control endpoint and status page on", Deadline)).Groups[1].Value;
        // A short window, so that the timeline overflows and shows its scrollbar, drawn as a user sees it.
        await using var browser = await HeadlessChromium.OpenAsync(url, Deadline, windowSize: "1360,420", showScrollbars: true);
        await browser.UntilAsync("the page shows alpha as Lord", "document.getElementById('lord-web')?.textContent", t => t == "alpha", Deadline);

        var (code, stepDown) = LegionHostProcess.Run(["step-down", alphaUrl, "--for", "5m"], Deadline);
        Assert.True(code == 0, stepDown);
        var timeline = await browser.UntilAsync("the timeline tells of the step-down", "document.getElementById('timeline').textContent",
            t => t?.Contains("Lord alpha stepped down (valor 90 → 0)") == true && t.Contains("Lord is now bravo"), Deadline);

        Assert.DoesNotContain("member alpha (valor 0) joined", timeline);

        for (int i = 0; i < 12; i++)
        {
            Assert.Equal(0, await Legion.Host.Cli.OperatorCli.RunAsync(["set-scroll", url, $"role=bravo-{i}"], TextWriter.Null, TextWriter.Null));
        }
        await browser.UntilAsync("the timeline overflows", "(() => { const t = document.getElementById('timeline'); return t.scrollHeight > t.clientHeight; })()", t => t == "true", Deadline);
        var box = (await browser.EvaluateAsync(
            "(() => { const t = document.getElementById('timeline'), r = t.getBoundingClientRect(); return [Math.round(r.left + t.clientLeft + t.clientWidth), Math.round(r.right), Math.round(r.top), Math.round(r.bottom), window.devicePixelRatio].join(','); })()"))!
            .Split(',').Select(double.Parse).ToArray();
        var shot = await browser.ScreenshotAsync();
        await File.WriteAllBytesAsync(Path.Combine(Artifacts, "status-page-step-down.png"), shot);
        var image = PngImage.Decode(shot);
        // The scrollbar's strip: right of the timeline's content box, within what the screenshot (the viewport) shows.
        var (left, right, top, bottom, scale) = ((int)(box[0] * box[4]), Math.Min((int)(box[1] * box[4]), image.Width),
            (int)(box[2] * box[4]), Math.Min((int)(box[3] * box[4]), image.Height), box[4]);

        var page = (await browser.EvaluateAsync("[document.documentElement.clientWidth, window.innerWidth].join(',')"))!.Split(',').Select(int.Parse).ToArray();
        int Brightest(int fromX, int toX, int fromY, int toY) =>
            Enumerable.Range(fromX, toX - fromX).SelectMany(x => Enumerable.Range(fromY, toY - fromY).Select(y => image[x, y])).Max(p => Math.Max(p.R, Math.Max(p.G, p.B)));

        Assert.True(right - left >= 4 * scale, $"a scrollbar {right - left} px wide beside the timeline");
        Assert.True(Brightest(left, right, top + 2, bottom - 2) < 110, $"the timeline's scrollbar is dark on the dark theme (brightest channel {Brightest(left, right, top + 2, bottom - 2)} of 255)");
        Assert.True(page[1] - page[0] >= 4, $"the page, taller than the window, has a scrollbar ({page[1] - page[0]} px)");
        Assert.True(Brightest((int)(page[0] * scale), image.Width, 0, image.Height) < 110, "the page's own scrollbar is dark too");
    }

    [GeneratedRegex(@"status page on (http://\S+/)")]
    private static partial Regex ControlUrl();
}
