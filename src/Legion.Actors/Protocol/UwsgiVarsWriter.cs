using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Legion.Actors.Protocol;

/// <summary>
/// Builds a uwsgi "vars" body: for each pair, uint16 LE key length, key, uint16 LE value length,
/// value (as uWSGI 2.0 buffer.c, <c>uwsgi_buffer_append_keyval</c>), in a buffer rented from
/// <see cref="ArrayPool{T}.Shared"/>: call <see cref="Dispose"/> when done, in a <c>try</c>/<c>finally</c>
/// (not <c>using</c>, which would copy this mutable struct). Not thread-safe.
/// </summary>
internal ref struct UwsgiVarsWriter
{
    private byte[] buffer;
    private int length;

    /// <summary>Starts an empty body.</summary>
    public UwsgiVarsWriter()
    {
        buffer = ArrayPool<byte>.Shared.Rent(512);
    }

    /// <summary>Bytes written so far.</summary>
    public readonly int Length => length;

    /// <summary>The body written so far; valid until the next write or <see cref="Dispose"/>.</summary>
    public readonly ReadOnlySpan<byte> WrittenSpan => buffer.AsSpan(0, length);

    /// <summary>Appends one pair.</summary>
    /// <exception cref="ArgumentException">The key is empty (uWSGI rejects the whole body), or the key or the value is longer than 65,535 bytes.</exception>
    public void Add(scoped ReadOnlySpan<byte> key, scoped ReadOnlySpan<byte> value)
    {
        Span<byte> target = Begin(key, value.Length);
        value.CopyTo(target);
    }

    /// <summary>Appends a pair whose value is <paramref name="value"/> in UTF-8.</summary>
    public void AddText(scoped ReadOnlySpan<byte> key, string value)
    {
        Span<byte> target = Begin(key, Encoding.UTF8.GetByteCount(value));
        Encoding.UTF8.GetBytes(value, target);
    }

    /// <summary>Appends a pair whose value is <paramref name="value"/> one byte per char (Latin-1); every char must be at most U+00FF.</summary>
    public void AddLatin1(scoped ReadOnlySpan<byte> key, string value)
    {
        Span<byte> target = Begin(key, value.Length);
        Encoding.Latin1.GetBytes(value, target);
    }

    /// <summary>Appends an unsigned decimal number.</summary>
    public void AddNumber(scoped ReadOnlySpan<byte> key, ulong value)
    {
        Span<byte> digits = stackalloc byte[20];
        value.TryFormat(digits, out int written, default, CultureInfo.InvariantCulture);
        Add(key, digits[..written]);
    }

    /// <summary>Appends a signed decimal number, as uWSGI's <c>%lld</c> writes it.</summary>
    public void AddNumber(scoped ReadOnlySpan<byte> key, long value)
    {
        Span<byte> digits = stackalloc byte[20];
        value.TryFormat(digits, out int written, default, CultureInfo.InvariantCulture);
        Add(key, digits[..written]);
    }

    /// <summary>A copy of the body written so far.</summary>
    public readonly byte[] ToArray() => WrittenSpan.ToArray();

    /// <summary>Returns the buffer to the pool; the writer must not be used afterwards.</summary>
    public void Dispose()
    {
        byte[] rented = buffer;
        buffer = [];
        length = 0;
        if (rented.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Checks the pair, writes both lengths and the key, and returns where the value goes.</summary>
    private Span<byte> Begin(scoped ReadOnlySpan<byte> key, int valueLength)
    {
        if (key.IsEmpty)
        {
            throw new ArgumentException("A uwsgi vars key cannot be empty: uWSGI drops a body containing one.", nameof(key));
        }

        if (key.Length > ushort.MaxValue)
        {
            throw new ArgumentException($"A uwsgi vars key is at most {ushort.MaxValue} bytes; this one is {key.Length}.", nameof(key));
        }

        if (valueLength > ushort.MaxValue)
        {
            throw new ArgumentException(
                $"The value of '{Encoding.UTF8.GetString(key)}' is {valueLength} bytes; a uwsgi vars value is at most {ushort.MaxValue}.",
                "value");
        }

        int pair = 4 + key.Length + valueLength;
        if (length + pair > buffer.Length)
        {
            byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Max(buffer.Length * 2, length + pair));
            buffer.AsSpan(0, length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = larger;
        }

        Span<byte> span = buffer.AsSpan(length, pair);
        BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)key.Length);
        key.CopyTo(span[2..]);
        BinaryPrimitives.WriteUInt16LittleEndian(span[(2 + key.Length)..], (ushort)valueLength);
        length += pair;
        return span[(4 + key.Length)..];
    }
}
