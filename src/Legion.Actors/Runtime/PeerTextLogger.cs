using System.Collections;
using System.Globalization;
using System.Text;
using Legion.Actors.Protocol;
using Microsoft.Extensions.Logging;

namespace Legion.Actors.Runtime;

/// <summary>
/// A logger that passes every line on with its values made safe for one log line (<see cref="PeerText.Escape"/>):
/// the legion's actors log names, uuids, scrolls and versions that peers chose, and whatever sink the host or the
/// embedding application uses (a console, a file, a JSON sink) gets them escaped, in the rendered message and in the
/// structured values alike. The message template itself is the library's and is left as written. Lines whose values
/// need nothing pass through untouched.
/// </summary>
internal sealed class PeerTextLogger(ILogger inner) : ILogger
{
    private const string OriginalFormat = "{OriginalFormat}";

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (state is IReadOnlyList<KeyValuePair<string, object?>> { Count: > 0 } values
            && values[^1] is { Key: OriginalFormat, Value: string template }
            && Escaped(values) is { } safe)
        {
            var escaped = new EscapedValues(template, safe);
            inner.Log(logLevel, eventId, escaped, exception, static (s, _) => s.ToString());
            return;
        }
        inner.Log(logLevel, eventId, state, exception, formatter);
    }

    /// <summary>The values with every unsafe one escaped (the template last, as given), or null when none needs it.</summary>
    private static KeyValuePair<string, object?>[]? Escaped(IReadOnlyList<KeyValuePair<string, object?>> values)
    {
        KeyValuePair<string, object?>[]? safe = null;
        for (int i = 0; i < values.Count - 1; i++)
        {
            var (key, value) = values[i];
            if (SafeText(value) is { } text)
            {
                safe ??= [.. values];
                safe[i] = new(key, text);
            }
        }
        return safe;
    }

    /// <summary>The escaped text of a value that needs escaping; null when it can go as it is.</summary>
    private static string? SafeText(object? value)
    {
        switch (value)
        {
            case null:
                return null;
            case string s:
                return PeerText.NeedsEscaping(s) ? PeerText.Escape(s) : null;
            case IEnumerable items and not IFormattable:
                var joined = string.Join(", ", items.Cast<object?>().Select(Text));
                return PeerText.NeedsEscaping(joined) ? PeerText.Escape(joined) : null;
            case IFormattable when value.GetType().IsPrimitive || value is Enum or decimal or DateTime or DateTimeOffset or TimeSpan or Guid:
                return null;
            default:
                // A record or struct whose ToString shows what a peer sent (MemberKey, Vote, Announce, ...).
                var shown = Text(value);
                return PeerText.NeedsEscaping(shown) ? PeerText.Escape(shown) : null;
        }
    }

    private static string Text(object? value) => value switch
    {
        null => "(null)",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>The escaped values of one line, rendered as Microsoft.Extensions.Logging renders a message template.</summary>
    private sealed class EscapedValues(string template, KeyValuePair<string, object?>[] values) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public int Count => values.Length;

        public KeyValuePair<string, object?> this[int index] => values[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)values).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        /// <summary>
        /// The template with its holes (<c>{Name}</c>, <c>{Name,alignment:format}</c>) filled in order by the values, as
        /// LogValuesFormatter does: <c>{{</c>/<c>}}</c> are braces, null is <c>(null)</c>, a list is its items joined by
        /// <c>", "</c>, the rest formatted with the invariant culture.
        /// </summary>
        public override string ToString()
        {
            var format = new StringBuilder(template.Length);
            int hole = 0;
            for (int i = 0; i < template.Length; i++)
            {
                char c = template[i];
                if ((c == '{' || c == '}') && i + 1 < template.Length && template[i + 1] == c)
                {
                    format.Append(c).Append(c);
                    i++;
                    continue;
                }
                int close = c == '{' ? template.IndexOf('}', i + 1) : -1;
                if (close < 0)
                {
                    format.Append(c);
                    if (c is '{' or '}')
                    {
                        format.Append(c); // a lone brace is text: string.Format wants it doubled
                    }
                    continue;
                }
                int spec = template.IndexOfAny([',', ':'], i + 1, close - i - 1);
                format.Append('{').Append(hole++.ToString(CultureInfo.InvariantCulture));
                if (spec >= 0)
                {
                    format.Append(template, spec, close - spec);
                }
                format.Append('}');
                i = close;
            }
            var args = values.Take(Math.Min(hole, values.Length - 1)).Select(v => Argument(v.Value)).ToArray();
            if (args.Length < hole)
            {
                return template; // more holes than values: nothing sensible to fill in
            }
            return string.Format(CultureInfo.InvariantCulture, format.ToString(), args);
        }

        private static object Argument(object? value) => value switch
        {
            null => "(null)",
            string s => s,
            IEnumerable items and not IFormattable => string.Join(", ", items.Cast<object?>().Select(Text)),
            _ => value,
        };
    }
}
