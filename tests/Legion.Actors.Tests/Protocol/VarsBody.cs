using System.Buffers.Binary;
using System.Text;

namespace Legion.Actors.Tests.Protocol;

/// <summary>
/// Builds uwsgi vars bodies by hand, independently of the library's writer, so codec tests do not
/// check the writer against itself.
/// </summary>
internal static class VarsBody
{
    public const string SampleUuid = "0b7c4a8e-2f1d-4c3b-9a6e-5d4f3e2a1b0c";

    /// <summary>Pairs as uWSGI sends them for a typical node, in uWSGI's order.</summary>
    public static List<(string Key, string Value)> UwsgiPairs() =>
    [
        ("legion", "gold"),
        ("valor", "77"),
        ("unix", "1795242971"),
        ("lord", "0"),
        ("name", "vm"),
        ("pid", "17202"),
        ("uuid", SampleUuid),
        ("checksum", "2170"),
        ("lord_valor", "77"),
        ("lord_uuid", SampleUuid),
    ];

    /// <summary>Encodes text pairs; values are Latin-1 so that "\0" and "\u0080" give single raw bytes.</summary>
    public static byte[] Of(IEnumerable<(string Key, string Value)> pairs) =>
        Raw(pairs.Select(p => (Encoding.UTF8.GetBytes(p.Key), Encoding.Latin1.GetBytes(p.Value))));

    /// <summary>Encodes raw pairs.</summary>
    public static byte[] Raw(IEnumerable<(byte[] Key, byte[] Value)> pairs)
    {
        var body = new List<byte>();
        foreach (var (key, value) in pairs)
        {
            body.AddRange(Length(key.Length));
            body.AddRange(key);
            body.AddRange(Length(value.Length));
            body.AddRange(value);
        }

        return [.. body];
    }

    /// <summary>The pairs with every occurrence of <paramref name="key"/> replaced by one pair with <paramref name="value"/>, at the first occurrence's place (or appended).</summary>
    public static List<(string Key, string Value)> With(this List<(string Key, string Value)> pairs, string key, string value)
    {
        int index = pairs.FindIndex(p => p.Key == key);
        var result = pairs.Where(p => p.Key != key).ToList();
        result.Insert(index < 0 ? result.Count : index, (key, value));
        return result;
    }

    /// <summary>The pairs without <paramref name="key"/>.</summary>
    public static List<(string Key, string Value)> Without(this List<(string Key, string Value)> pairs, string key) =>
        pairs.Where(p => p.Key != key).ToList();

    private static byte[] Length(int length)
    {
        byte[] bytes = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)length);
        return bytes;
    }
}
