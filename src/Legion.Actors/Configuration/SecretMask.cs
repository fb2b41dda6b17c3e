using Legion.Actors.Protocol;

namespace Legion.Actors.Configuration;

/// <summary>
/// Hides the secret and IV of a <c>legion</c>/<c>legion-mcast</c> value before it reaches a message:
/// <c>web 127.0.0.1:2000 90 aes-128-cbc:s3cret iv</c> shows as <c>web 127.0.0.1:2000 90 aes-128-cbc:*** ***</c>.
/// It has to work on malformed values too, because those are exactly the ones that end up in error messages;
/// so it guesses generously and hides anything that could be the secret.
/// </summary>
internal static class SecretMask
{
    public const string Hidden = "***";

    /// <summary>Shorter secrets are not hunted for in other options' messages: "1" would mask every digit.</summary>
    public const int MinimumRedactedLength = 4;

    /// <summary>True when the message of <paramref name="error"/> contains any of <paramref name="keyMaterial"/>.</summary>
    public static bool Leaks(LegionConfigurationException error, IReadOnlyList<string> keyMaterial) =>
        keyMaterial.Any(k => error.Message.Contains(k, StringComparison.Ordinal));

    /// <summary>The same error with every occurrence of <paramref name="keyMaterial"/> replaced by <see cref="Hidden"/>.</summary>
    public static LegionConfigurationException Redact(LegionConfigurationException error, IReadOnlyList<string> keyMaterial)
    {
        string Hide(string text) => keyMaterial.OrderByDescending(k => k.Length)
            .Aggregate(text, (masked, key) => masked.Replace(key, Hidden, StringComparison.Ordinal));
        return new LegionConfigurationException(Hide(error.SourceName), Hide(error.Problem), error.Value is null ? null : Hide(error.Value),
            Hide(error.Expected));
    }

    /// <summary>True for the options whose value carries <c>CIPHER:SECRET [IV]</c>.</summary>
    public static bool CarriesSecret(string key) => key is "legion" or "legion-mcast" or "legion-secret-next";

    /// <summary><c>KEY = VALUE</c>, with the value masked when the key carries a secret.</summary>
    public static string Entry(string key, string value) => $"{key} = {Value(key, value)}";

    /// <summary>The value, masked when the key carries a secret.</summary>
    public static string Value(string key, string value) => key switch
    {
        "legion-secret-next" => NextSecretValue(value),
        _ when CarriesSecret(key) => LegionValue(value),
        _ => value,
    };

    /// <summary>Masks a <c>NAME SECRET</c> value: everything after the legion name.</summary>
    public static string NextSecretValue(string value)
    {
        int space = value.IndexOf(' ');
        return space < 0 ? Hidden : value[..(space + 1)] + Hidden;
    }

    /// <summary>Masks a <c>NAME ADDR VALOR CIPHER:SECRET [IV]</c> value, well-formed or not.</summary>
    public static string LegionValue(string value)
    {
        var tokens = value.Split(' ');
        var secretFound = false;
        for (var i = 0; i < tokens.Length; i++)
        {
            if (secretFound)
            {
                tokens[i] = tokens[i].Length == 0 ? "" : Hidden;
                continue;
            }

            var token = tokens[i];
            var colon = token.IndexOf(':');
            var looksLikeCipherSecret = colon >= 0 && (
                i >= 2
                || CipherSuites.IsSupported(token[..colon])
                || !token[(token.LastIndexOf(':') + 1)..].All(char.IsAsciiDigit));
            // The name and address never hold a cipher name and an address's colon is followed by a port, so
            // anything else there means fields are missing and the secret has moved left.
            if (looksLikeCipherSecret)
            {
                tokens[i] = colon + 1 == token.Length ? token : token[..(colon + 1)] + Hidden;
                secretFound = true;
            }
            else if (i >= 3 && token.Length > 0)
            {
                // A fourth field without a colon is a secret someone forgot to prefix with its cipher.
                tokens[i] = Hidden;
                secretFound = true;
            }
        }

        return string.Join(' ', tokens);
    }
}
