using System.Buffers.Binary;

namespace Legion.Actors.Protocol;

/// <summary>
/// Walks a uwsgi "vars" body with the bounds checks of uWSGI 2.0 protocol.c,
/// <c>uwsgi_hooked_parse</c>: a zero-length key, or a key or value running past the end, makes the
/// whole body malformed; an empty body is a valid body with no pairs.
/// </summary>
internal ref struct UwsgiVarsReader(ReadOnlySpan<byte> body)
{
    private readonly ReadOnlySpan<byte> body = body;
    private int position;

    /// <summary>
    /// Reads the next pair. Returns <see cref="UwsgiVarsStep.Pair"/> with <paramref name="key"/> and
    /// <paramref name="value"/> set, <see cref="UwsgiVarsStep.End"/> after the last pair, or
    /// <see cref="UwsgiVarsStep.Malformed"/> (and keeps returning it).
    /// </summary>
    public UwsgiVarsStep Next(out ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value)
    {
        key = default;
        value = default;
        if (position < 0)
        {
            return UwsgiVarsStep.Malformed;
        }

        if (position == body.Length)
        {
            return UwsgiVarsStep.End;
        }

        ReadOnlySpan<byte> rest = body[position..];

        // uWSGI demands more than the two length bytes here ("ptrbuf + 2 >= bufferend"), which only
        // matters for a trailing key length with no key: malformed either way.
        if (rest.Length <= 2)
        {
            return Fail();
        }

        int keyLength = BinaryPrimitives.ReadUInt16LittleEndian(rest);
        if (keyLength == 0 || 2 + keyLength + 2 > rest.Length)
        {
            return Fail();
        }

        int valueLength = BinaryPrimitives.ReadUInt16LittleEndian(rest[(2 + keyLength)..]);
        if (2 + keyLength + 2 + valueLength > rest.Length)
        {
            return Fail();
        }

        key = rest.Slice(2, keyLength);
        value = rest.Slice(4 + keyLength, valueLength);
        position += 4 + keyLength + valueLength;
        return UwsgiVarsStep.Pair;
    }

    private UwsgiVarsStep Fail()
    {
        position = -1;
        return UwsgiVarsStep.Malformed;
    }
}
