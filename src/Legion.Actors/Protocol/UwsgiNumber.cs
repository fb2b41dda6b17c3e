namespace Legion.Actors.Protocol;

/// <summary>
/// Reads a decimal number the way uWSGI 2.0 does (core/utils.c, <c>uwsgi_str_num</c>), bug for bug,
/// so that a value means the same to us as to a uWSGI peer.
/// </summary>
/// <remarks>
/// uWSGI does not validate: for an N-byte text it starts from <c>10^N</c> and, for each byte,
/// divides by ten and adds <c>weight × (byte − '0')</c> in wrapping 64-bit arithmetic. Hence:
/// <list type="bullet">
/// <item>an empty text is 0;</item>
/// <item>a non-digit still counts with its distance from <c>'0'</c>: <c>"1a"</c> is 10 + 49 = 59,
/// <c>"-5"</c> is −30 + 5 wrapped to 2^64 − 25;</item>
/// <item>bytes are C <c>char</c>, signed on x86-64 (the Debian amd64 build disassembles to
/// <c>movsbl</c>), so a byte ≥ 0x80 counts as <c>byte − 256 − 48</c>;</item>
/// <item>overflow wraps modulo 2^64;</item>
/// <item>a text of 20 or more bytes is 0: <c>pow(10, N)</c> no longer fits the double-to-uint64
/// conversion, which yields 0 on x86-64, and every weight is then 0.</item>
/// </list>
/// </remarks>
internal static class UwsgiNumber
{
    private static readonly ulong[] PowersOfTen =
    [
        1UL, 10UL, 100UL, 1_000UL, 10_000UL, 100_000UL, 1_000_000UL, 10_000_000UL, 100_000_000UL,
        1_000_000_000UL, 10_000_000_000UL, 100_000_000_000UL, 1_000_000_000_000UL,
        10_000_000_000_000UL, 100_000_000_000_000UL, 1_000_000_000_000_000UL,
        10_000_000_000_000_000UL, 100_000_000_000_000_000UL, 1_000_000_000_000_000_000UL,
        10_000_000_000_000_000_000UL,
    ];

    /// <summary>The value uWSGI 2.0 reads from <paramref name="text"/>; never throws.</summary>
    public static ulong Parse(ReadOnlySpan<byte> text)
    {
        if (text.Length >= PowersOfTen.Length)
        {
            return 0;
        }

        ulong weight = PowersOfTen[text.Length];
        ulong value = 0;
        foreach (byte b in text)
        {
            weight /= 10;
            long digit = (sbyte)b - '0';
            value = unchecked(value + (weight * (ulong)digit));
        }

        return value;
    }
}
