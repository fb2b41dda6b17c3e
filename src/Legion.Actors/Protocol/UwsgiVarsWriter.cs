using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Legion.Actors.Protocol;

/// <summary>
/// Builds a uwsgi "vars" body: for each pair, uint16 LE key length, key, uint16 LE value length,
/// value (as uWSGI 2.0 buffer.c, <c>uwsgi_buffer_append_keyval</c>). Not thread-safe.
/// </summary>
internal sealed class UwsgiVarsWriter
{
    private readonly ArrayBufferWriter<byte> buffer = new(256);

    /// <summary>Bytes written so far.</summary>
    public int Length => buffer.WrittenCount;

    /// <summary>Appends one pair.</summary>
    /// <exception cref="ArgumentException">The key is empty (uWSGI rejects the whole body), or the key or the value is longer than 65,535 bytes.</exception>
    public void Add(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        if (key.IsEmpty)
        {
            throw new ArgumentException("A uwsgi vars key cannot be empty: uWSGI drops a body containing one.", nameof(key));
        }

        if (key.Length > ushort.MaxValue)
        {
            throw new ArgumentException($"A uwsgi vars key is at most {ushort.MaxValue} bytes; this one is {key.Length}.", nameof(key));
        }

        if (value.Length > ushort.MaxValue)
        {
            throw new ArgumentException(
                $"The value of '{Encoding.UTF8.GetString(key)}' is {value.Length} bytes; a uwsgi vars value is at most {ushort.MaxValue}.",
                nameof(value));
        }

        Span<byte> span = buffer.GetSpan(4 + key.Length + value.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)key.Length);
        key.CopyTo(span[2..]);
        BinaryPrimitives.WriteUInt16LittleEndian(span[(2 + key.Length)..], (ushort)value.Length);
        value.CopyTo(span[(4 + key.Length)..]);
        buffer.Advance(4 + key.Length + value.Length);
    }

    /// <summary>Appends a pair whose value is <paramref name="value"/> in UTF-8.</summary>
    public void AddText(ReadOnlySpan<byte> key, string value) => Add(key, Encoding.UTF8.GetBytes(value));

    /// <summary>Appends an unsigned decimal number.</summary>
    public void AddNumber(ReadOnlySpan<byte> key, ulong value)
    {
        Span<byte> digits = stackalloc byte[20];
        value.TryFormat(digits, out int written, default, CultureInfo.InvariantCulture);
        Add(key, digits[..written]);
    }

    /// <summary>Appends a signed decimal number, as uWSGI's <c>%lld</c> writes it.</summary>
    public void AddNumber(ReadOnlySpan<byte> key, long value)
    {
        Span<byte> digits = stackalloc byte[20];
        value.TryFormat(digits, out int written, default, CultureInfo.InvariantCulture);
        Add(key, digits[..written]);
    }

    /// <summary>A copy of the body written so far.</summary>
    public byte[] ToArray() => buffer.WrittenSpan.ToArray();
}
