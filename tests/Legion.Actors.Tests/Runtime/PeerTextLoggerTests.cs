using Legion.Actors.Protocol;
using Legion.Actors.Runtime;
using Microsoft.Extensions.Logging;

namespace Legion.Actors.Tests.Runtime;

/// <summary>The legion actors' logger escapes what peers chose, in the message and in the structured values.</summary>
public sealed class PeerTextLoggerTests
{
    private sealed record Key(string Name)
    {
        public override string ToString() => $"{Name} valor 7";
    }

    private static (string Message, IReadOnlyList<KeyValuePair<string, object?>> Values) LogOne(Action<ILogger> log)
    {
        var sink = new CapturingLogger();
        log(new PeerTextLogger(sink));
        return Assert.Single(sink.Lines);
    }

    [Fact]
    public void Strings_and_objects_that_show_peer_text_are_escaped_and_the_template_is_kept()
    {
        var (message, values) = LogOne(l => l.LogInformation("Node {Member} joined {Legion} ({Count,3:D2} {{x}})\nnext", new Key("evil\n[INF] forged"), "we\u001bb", 5));

        Assert.Equal("Node evil\\n[INF] forged valor 7 joined we\\u001bb ( 05 {x})\nnext", message);
        Assert.Equal("evil\\n[INF] forged valor 7", values.Single(v => v.Key == "Member").Value);
        Assert.Equal("we\\u001bb", values.Single(v => v.Key == "Legion").Value);
        Assert.Equal(5, values.Single(v => v.Key == "Count").Value);
        Assert.Equal("Node {Member} joined {Legion} ({Count,3:D2} {{x}})\nnext", values[^1].Value);
    }

    [Fact]
    public void A_line_with_nothing_to_escape_passes_through_as_it_came()
    {
        var (message, values) = LogOne(l => l.LogInformation("Node {Member} joined {Legion}", new Key("alpha"), "web"));

        Assert.Equal("Node alpha valor 7 joined web", message);
        Assert.IsType<Key>(values[0].Value);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a\r\nb\tc", "a\\r\\nb\\tc")]
    [InlineData("\u0000\u007f\u0085\u2028\u202e", "\\u0000\\u007f\\u0085\\u2028\\u202e")]
    [InlineData("back\\slash é ✓", "back\\slash é ✓")]
    public void Peer_text_escapes_control_separator_and_bidi_characters_only(string text, string shown) =>
        Assert.Equal(shown, PeerText.Escape(text));

    private sealed class CapturingLogger : ILogger
    {
        public List<(string, IReadOnlyList<KeyValuePair<string, object?>>)> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add((formatter(state, exception), (IReadOnlyList<KeyValuePair<string, object?>>)state!));
    }
}
