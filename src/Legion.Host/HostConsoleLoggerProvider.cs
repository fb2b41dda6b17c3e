using System.Collections;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Legion.Host;

/// <summary>
/// The native host's console logging: one line per event, as the JIT host's Serilog console sink writes them with
/// <see cref="HostLogging.ConsoleTemplate"/> (<c>2025-01-31 12:00:00.123 [INF] message</c>, then the exception's
/// text on the following lines), without reflection. The message follows Serilog's <c>{Message:lj}</c>: strings as
/// they are, numbers and <c>true</c>/<c>false</c> as JSON, enums, uuids, times and other scalars as JSON strings,
/// lists as JSON arrays and dictionaries as JSON objects, any other object by its <c>ToString()</c>. Events below <c>minimum</c>, and
/// <c>Microsoft.*</c> events below Warning, are dropped. Lines are written whole, under a lock, as Serilog's console
/// sink does; unlike it, never in colour.
/// </summary>
/// <param name="output">Where lines go (the console's standard output).</param>
/// <param name="minimum">The lowest level written.</param>
/// <param name="time">The clock of the timestamps (local time, as Serilog's).</param>
internal sealed class HostConsoleLoggerProvider(TextWriter output, LogLevel minimum, TimeProvider time) : ILoggerProvider
{
    private const string OriginalFormat = "{OriginalFormat}";
    private readonly Lock _writing = new();

    public ILogger CreateLogger(string categoryName) =>
        new Logger(this, categoryName.StartsWith("Microsoft", StringComparison.Ordinal) && minimum < LogLevel.Warning ? LogLevel.Warning : minimum);

    public void Dispose() => output.Flush();

    /// <summary>The line (with its trailing newline, and the exception after it) for one event.</summary>
    internal static string Render(DateTimeOffset at, LogLevel level, string message, Exception? exception) =>
        string.Create(CultureInfo.InvariantCulture, $"{at:yyyy-MM-dd HH:mm:ss.fff} [{Abbreviation(level)}] {message}{Environment.NewLine}")
        + (exception is null ? "" : exception + Environment.NewLine);

    /// <summary>
    /// Renders a message template (<c>"Node {Node} became Lord"</c>) with its named values as Serilog's
    /// <c>{Message:lj}</c> does (alignment <c>{Name,5}</c> / <c>{Name,-5}</c> and format <c>{Name:0.0}</c> included);
    /// a hole with no value stays as written.
    /// </summary>
    internal static string RenderMessage(string template, IReadOnlyList<KeyValuePair<string, object?>> values)
    {
        var text = new StringBuilder(template.Length + 32);
        for (int i = 0; i < template.Length; i++)
        {
            char c = template[i];
            if ((c == '{' || c == '}') && i + 1 < template.Length && template[i + 1] == c)
            {
                text.Append(c);
                i++;
                continue;
            }
            int close = c == '{' ? template.IndexOf('}', i + 1) : -1;
            if (close < 0)
            {
                text.Append(c);
                continue;
            }
            var hole = template.AsSpan(i + 1, close - i - 1);
            int end = hole.IndexOfAny(',', ':');
            var name = (end < 0 ? hole : hole[..end]).TrimStart("@$").ToString();
            int colon = hole.IndexOf(':');
            var format = colon >= 0 ? hole[(colon + 1)..].ToString() : null;
            int comma = hole.IndexOf(',');
            int width = comma >= 0 && (colon < 0 || comma < colon)
                && int.TryParse(hole[(comma + 1)..(colon < 0 ? hole.Length : colon)], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int w) ? w : 0;
            if (TryFind(values, name, out var value))
            {
                int start = text.Length;
                AppendValue(text, value, format, top: true);
                int pad = Math.Abs(width) - (text.Length - start);
                if (pad > 0)
                {
                    text.Insert(width < 0 ? text.Length : start, " ", pad);
                }
            }
            else
            {
                text.Append(template, i, close - i + 1);
            }
            i = close;
        }
        return text.ToString();
    }

    private static bool TryFind(IReadOnlyList<KeyValuePair<string, object?>> values, string name, out object? value)
    {
        foreach (var (key, v) in values)
        {
            if (key.AsSpan().TrimStart("@$").SequenceEqual(name))
            {
                value = v;
                return true;
            }
        }
        value = null;
        return false;
    }

    // Serilog's MessageTemplateRenderer with "lj": a string at the top is literal; anything else goes through its
    // JsonValueFormatter, unless the hole has a format, which IFormattable values then get.
    private static void AppendValue(StringBuilder text, object? value, string? format, bool top)
    {
        switch (value)
        {
            case string s when top:
                text.Append(s);
                return;
            case IFormattable formattable when top && format is not null && value is not Enum:
                text.Append(formattable.ToString(format, CultureInfo.InvariantCulture));
                return;
            case null:
                text.Append("null");
                return;
            case string s:
                AppendQuoted(text, s);
                return;
            case bool b:
                text.Append(b ? "true" : "false");
                return;
            case int or uint or long or ulong or decimal or byte or sbyte or short or ushort:
                text.Append(((IFormattable)value).ToString(null, CultureInfo.InvariantCulture));
                return;
            case double d:
                text.Append(double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : Quoted(d.ToString(CultureInfo.InvariantCulture)));
                return;
            case float f:
                text.Append(float.IsFinite(f) ? f.ToString("R", CultureInfo.InvariantCulture) : Quoted(f.ToString(CultureInfo.InvariantCulture)));
                return;
            case DateTime or DateTimeOffset:
                AppendQuoted(text, ((IFormattable)value).ToString("O", CultureInfo.InvariantCulture));
                return;
            case DateOnly date:
                AppendQuoted(text, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                return;
            case TimeOnly timeOfDay:
                AppendQuoted(text, timeOfDay.ToString("O", CultureInfo.InvariantCulture));
                return;
            case char or TimeSpan or Guid or Uri or Enum or nint or nuint:
                AppendQuoted(text, value.ToString() ?? "");
                return;
            case byte[] bytes:
                // Serilog keeps byte arrays as hex text (cut after 16 bytes beyond 1 KiB): a string.
                AppendValue(text, bytes.Length > 1024 ? Convert.ToHexString(bytes, 0, 16) + "..." : Convert.ToHexString(bytes), null, top);
                return;
            case IDictionary dictionary when value.GetType() is { IsConstructedGenericType: true } type
                && (type.GetGenericTypeDefinition() == typeof(Dictionary<,>) || type.GetGenericTypeDefinition() == typeof(System.Collections.ObjectModel.ReadOnlyDictionary<,>)):
                text.Append('{');
                bool firstEntry = true;
                foreach (DictionaryEntry entry in dictionary)
                {
                    text.Append(firstEntry ? "" : ",");
                    firstEntry = false;
                    AppendQuoted(text, entry.Key.ToString() ?? "null").Append(':');
                    AppendValue(text, entry.Value, null, top: false);
                }
                text.Append('}');
                return;
            case IEnumerable sequence:
                text.Append('[');
                bool first = true;
                foreach (var element in sequence)
                {
                    text.Append(first ? "" : ",");
                    first = false;
                    AppendValue(text, element, null, top: false);
                }
                text.Append(']');
                return;
            default:
                // Serilog captures other objects (not destructured) as their ToString(): a string.
                AppendValue(text, value.ToString() ?? "", null, top);
                return;
        }
    }

    private static string Quoted(string s) => AppendQuoted(new StringBuilder(s.Length + 2), s).ToString();

    private static StringBuilder AppendQuoted(StringBuilder text, string s)
    {
        text.Append('"');
        foreach (char c in s)
        {
            _ = c switch
            {
                '"' => text.Append("\\\""),
                '\\' => text.Append("\\\\"),
                '\n' => text.Append("\\n"),
                '\r' => text.Append("\\r"),
                '\f' => text.Append("\\f"),
                '\t' => text.Append("\\t"),
                < ' ' => text.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)),
                _ => text.Append(c),
            };
        }
        return text.Append('"');
    }

    // Serilog's level names, cut to three upper-case letters ({Level:u3}).
    private static string Abbreviation(LogLevel level) => level switch
    {
        LogLevel.Trace => "VRB",
        LogLevel.Debug => "DBG",
        LogLevel.Information => "INF",
        LogLevel.Warning => "WRN",
        LogLevel.Error => "ERR",
        _ => "FTL",
    };

    private void Write(LogLevel level, string message, Exception? exception)
    {
        var line = Render(time.GetLocalNow(), level, message, exception);
        lock (_writing)
        {
            output.Write(line);
            output.Flush();
        }
    }

    private sealed class Logger(HostConsoleLoggerProvider provider, LogLevel minimum) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }
            // Microsoft.Extensions.Logging passes the template as {OriginalFormat} (last) with the named values.
            var message = state is IReadOnlyList<KeyValuePair<string, object?>> { Count: > 0 } values && values[^1] is { Key: OriginalFormat, Value: string template }
                ? RenderMessage(template, values)
                : formatter(state, exception);
            provider.Write(logLevel, message, exception);
        }
    }
}
