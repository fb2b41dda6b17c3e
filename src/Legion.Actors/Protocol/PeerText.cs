using System.Globalization;
using System.Text;

namespace Legion.Actors.Protocol;

/// <summary>
/// Makes text that a peer chose (a member's name, uuid or scroll, an extension value, anything read from another node's
/// stats) safe to write on one line of a log or a terminal: control characters and the characters that move or reorder
/// text are written as escapes, so a peer can neither start a line of its own in our log (a forged "This node ... is now
/// the Lord" line) nor send escape sequences to an operator's terminal. Stateless and thread-safe.
/// </summary>
internal static class PeerText
{
    /// <summary>
    /// Returns <paramref name="text"/> with every control character (U+0000–U+001F, U+007F–U+009F), line and paragraph
    /// separator (U+2028, U+2029) and bidirectional control (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069)
    /// escaped: <c>\n</c>, <c>\r</c> and <c>\t</c> as those two characters, the others as <c>\uXXXX</c> (lowercase
    /// hex); everything else, backslashes included, is kept. The same instance when nothing needs escaping.
    /// </summary>
    /// <param name="text">Any text; null gives the empty string.</param>
    /// <returns>The text, on one line and without escape sequences.</returns>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }
        int first = IndexOfUnsafe(text);
        if (first < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        escaped.Append(text, 0, first);
        for (int i = first; i < text.Length; i++)
        {
            char c = text[i];
            if (!IsUnsafe(c))
            {
                escaped.Append(c);
                continue;
            }
            _ = c switch
            {
                '\n' => escaped.Append("\\n"),
                '\r' => escaped.Append("\\r"),
                '\t' => escaped.Append("\\t"),
                _ => escaped.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
            };
        }
        return escaped.ToString();
    }

    /// <summary>True when <see cref="Escape"/> would change <paramref name="text"/>.</summary>
    /// <param name="text">Any text; null needs no escaping.</param>
    public static bool NeedsEscaping(string? text) => text is not null && IndexOfUnsafe(text) >= 0;

    private static int IndexOfUnsafe(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (IsUnsafe(text[i]))
            {
                return i;
            }
        }
        return -1;
    }

    private static bool IsUnsafe(char c) =>
        char.IsControl(c)
        || c is '\u2028' or '\u2029' or '\u061c' or '\u200e' or '\u200f' or (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069');
}
