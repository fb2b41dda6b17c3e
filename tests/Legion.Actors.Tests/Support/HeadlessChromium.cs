using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Legion.Actors.Tests.Support;

/// <summary>
/// A real headless Chromium (Debian package <c>chromium</c>) on one page, driven over the DevTools protocol from
/// .NET (a WebSocket, no Node, no downloaded browser): evaluate JavaScript in the page and take screenshots while
/// the page keeps running, so a self-refreshing page is observed as a user would see it. Disposing closes the
/// browser (only the process it started) and removes its fresh profile directory.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly DirectoryInfo _profile;
    private readonly ClientWebSocket _socket;
    private int _nextId;

    private HeadlessChromium(ChildProcess process, DirectoryInfo profile, ClientWebSocket socket)
    {
        _process = process;
        _profile = profile;
        _socket = socket;
    }

    public string Output => _process.Output;

    /// <summary>Starts Chromium on <paramref name="url"/> and connects to the page.</summary>
    /// <param name="url">The page.</param>
    /// <param name="timeout">How long Chromium may take to come up.</param>
    /// <param name="windowSize">The window's <c>WIDTH,HEIGHT</c> in pixels.</param>
    /// <param name="showScrollbars">Draw scrollbars, as a user sees them (hidden by default: screenshots stay stable).</param>
    /// <exception cref="TimeoutException">Chromium did not open its DevTools port in time; the message holds its output.</exception>
    public static async Task<HeadlessChromium> OpenAsync(string url, TimeSpan timeout, string windowSize = "1360,900", bool showScrollbars = false)
    {
        var profile = Directory.CreateTempSubdirectory("legion-chromium-");
        var process = new ChildProcess("chromium",
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-extensions", "--mute-audio", .. (showScrollbars ? Array.Empty<string>() : ["--hide-scrollbars"]),
            $"--user-data-dir={profile.FullName}", "--remote-debugging-port=0", $"--window-size={windowSize}", url,
        ]);
        try
        {
            var portFile = Path.Combine(profile.FullName, "DevToolsActivePort");
            var lines = await Eventually.Until("Chromium writes its DevTools port", _ =>
                Task.FromResult(File.Exists(portFile) ? File.ReadAllLines(portFile) : []), l => l.Length >= 2 && l[0].Length > 0, timeout, () => process.Output);
            using var http = new HttpClient();
            var pageSocket = await Eventually.Until("Chromium lists the page", async ct =>
            {
                var targets = JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{lines[0]}/json/list", ct))!.AsArray();
                return targets.FirstOrDefault(t => (string?)t!["type"] == "page")?["webSocketDebuggerUrl"]?.GetValue<string>();
            }, s => s is not null, timeout, () => process.Output);
            var socket = new ClientWebSocket();
            await socket.ConnectAsync(new Uri(pageSocket!), CancellationToken.None);
            return new HeadlessChromium(process, profile, socket);
        }
        catch
        {
            process.Dispose();
            profile.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>Evaluates <paramref name="expression"/> in the page and returns its value as a string (null for null/undefined).</summary>
    public async Task<string?> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true });
        var value = result["result"]?["value"];
        return value is null ? null : value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
    }

    /// <summary>Polls <paramref name="expression"/> until <paramref name="holds"/> accepts its value.</summary>
    public Task<string?> UntilAsync(string what, string expression, Func<string?, bool> holds, TimeSpan timeout) =>
        Eventually.Until(what, _ => EvaluateAsync(expression), holds, timeout, () => _process.Output);

    /// <summary>A PNG of the visible page.</summary>
    public async Task<byte[]> ScreenshotAsync()
    {
        var result = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" });
        return Convert.FromBase64String(result["data"]!.GetValue<string>());
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
            }
        }
        catch (WebSocketException)
        {
            // The browser is going away anyway.
        }
        _socket.Dispose();
        _process.Dispose();
        try
        {
            _profile.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp profile is harmless.
        }
    }

    private async Task<JsonNode> SendAsync(string method, JsonObject parameters)
    {
        int id = Interlocked.Increment(ref _nextId);
        var request = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
        await _socket.SendAsync(Encoding.UTF8.GetBytes(request.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[64 * 1024];
        while (true)
        {
            using var message = new MemoryStream();
            WebSocketReceiveResult received;
            do
            {
                received = await _socket.ReceiveAsync(buffer, timeout.Token);
                message.Write(buffer, 0, received.Count);
            }
            while (!received.EndOfMessage);
            var reply = JsonNode.Parse(message.ToArray())!;
            if ((int?)reply["id"] != id)
            {
                continue; // a DevTools event
            }
            if (reply["error"] is { } error)
            {
                throw new InvalidOperationException($"{method} failed: {error.ToJsonString()}");
            }
            return reply["result"]!;
        }
    }
}
