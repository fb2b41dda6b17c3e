using System.Text;
using Legion.Actors.Protocol;

namespace Legion.Actors.Tests.Protocol;

public class AnnounceCodecTests
{
    [Fact]
    public void Encoding_writes_uWSGI_keys_in_uWSGI_order_byte_for_byte()
    {
        byte[] expected = VarsBody.Of(VarsBody.UwsgiPairs());

        Assert.Equal(expected, AnnounceCodec.Encode(AnnounceSamples.Typical()));
    }

    [Fact]
    public void Encoding_writes_scroll_then_dead_then_extensions_in_ordinal_key_order()
    {
        var announce = AnnounceSamples.Typical() with
        {
            Scroll = Encoding.ASCII.GetBytes("hello-scroll"),
            Dead = true,
            Extensions = new Dictionary<string, string> { ["x-b"] = "2", ["x-a"] = "1" },
        };
        var pairs = VarsBody.UwsgiPairs();
        pairs.AddRange([("scroll", "hello-scroll"), ("dead", "1"), ("x-a", "1"), ("x-b", "2")]);

        Assert.Equal(VarsBody.Of(pairs), AnnounceCodec.Encode(announce));
    }

    [Fact]
    public void Encoding_writes_no_candidate_as_36_zero_bytes()
    {
        var announce = AnnounceSamples.Typical() with { LordValor = 0, LordUuid = null };
        var pairs = VarsBody.UwsgiPairs().With("lord_valor", "0").With("lord_uuid", new string('\0', 36));

        Assert.Equal(VarsBody.Of(pairs), AnnounceCodec.Encode(announce));
    }

    [Fact]
    public void Encoding_omits_an_empty_scroll_as_uWSGI_does()
    {
        var announce = AnnounceSamples.Typical() with { Scroll = Array.Empty<byte>() };

        Assert.Null(announce.Scroll);
        Assert.Equal(VarsBody.Of(VarsBody.UwsgiPairs()), AnnounceCodec.Encode(announce));
    }

    [Fact]
    public void Decoding_a_typical_uWSGI_body_gives_every_field()
    {
        Assert.True(AnnounceCodec.TryDecode(VarsBody.Of(VarsBody.UwsgiPairs()), out var announce, out var reason));

        Assert.Equal(DropReason.None, reason);
        Assert.Equal(AnnounceSamples.Typical(), announce);
    }

    [Fact]
    public void A_full_announce_survives_encode_then_decode()
    {
        var announce = AnnounceSamples.Typical() with
        {
            Lord = 1795242971,
            Scroll = new byte[] { 0, 1, 2, 255 },
            Dead = true,
            Extensions = new Dictionary<string, string> { ["x-timer-ms"] = "250", ["x-ünïcode"] = "雷" },
        };

        Assert.True(AnnounceCodec.TryDecode(AnnounceCodec.Encode(announce), out var decoded, out _));
        Assert.Equal(announce, decoded);
    }

    [Fact]
    public void Uuid_bytes_outside_ASCII_survive_a_round_trip_exactly()
    {
        string uuid = new string('\u00ff', 35) + "\u0080";
        var announce = AnnounceSamples.Typical() with { Uuid = uuid, LordUuid = uuid };

        Assert.True(AnnounceCodec.TryDecode(AnnounceCodec.Encode(announce), out var decoded, out _));
        Assert.Equal(uuid, decoded.Uuid);
        Assert.Equal(uuid, decoded.LordUuid);
    }

    [Fact]
    public void A_lord_uuid_of_36_zero_bytes_means_no_candidate()
    {
        var body = VarsBody.Of(VarsBody.UwsgiPairs().With("lord_uuid", new string('\0', 36)));

        Assert.True(AnnounceCodec.TryDecode(body, out var announce, out _));
        Assert.Null(announce.LordUuid);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(35)]
    [InlineData(37)]
    public void A_lord_uuid_not_36_bytes_long_is_ignored(int length)
    {
        var body = VarsBody.Of(VarsBody.UwsgiPairs().With("lord_uuid", new string('a', length)));

        Assert.True(AnnounceCodec.TryDecode(body, out var announce, out _));
        Assert.Null(announce.LordUuid);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(35)]
    [InlineData(37)]
    public void A_body_whose_only_uuid_is_not_36_bytes_long_has_no_member_identity(int length)
    {
        var body = VarsBody.Of(VarsBody.UwsgiPairs().With("uuid", new string('a', length)));

        Assert.False(AnnounceCodec.TryDecode(body, out var announce, out var reason));
        Assert.Null(announce);
        Assert.Equal(DropReason.MissingUuid, reason);
    }

    [Fact]
    public void A_later_uuid_of_the_wrong_length_does_not_replace_a_valid_one()
    {
        var pairs = VarsBody.UwsgiPairs();
        pairs.Add(("uuid", "too-short"));

        Assert.True(AnnounceCodec.TryDecode(VarsBody.Of(pairs), out var announce, out _));
        Assert.Equal(VarsBody.SampleUuid, announce.Uuid);
    }

    [Fact]
    public void The_last_value_of_a_repeated_key_wins()
    {
        var pairs = VarsBody.UwsgiPairs();
        pairs.Add(("valor", "5"));
        pairs.Add(("name", "other-host"));

        Assert.True(AnnounceCodec.TryDecode(VarsBody.Of(pairs), out var announce, out _));
        Assert.Equal(5UL, announce.Valor);
        Assert.Equal("other-host", announce.Name);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("0")]
    [InlineData("")]
    public void A_dead_key_means_death_whatever_its_value(string value)
    {
        var pairs = VarsBody.UwsgiPairs();
        pairs.Add(("dead", value));

        Assert.True(AnnounceCodec.TryDecode(VarsBody.Of(pairs), out var announce, out _));
        Assert.True(announce.Dead);
    }

    [Fact]
    public void Missing_numbers_read_as_zero_and_missing_scroll_as_none()
    {
        var body = VarsBody.Of([("uuid", VarsBody.SampleUuid), ("name", "vm")]);

        Assert.True(AnnounceCodec.TryDecode(body, out var announce, out _));
        Assert.Equal(
            new Announce { Legion = "", Valor = 0, Unix = 0, Name = "vm", Pid = 0, Uuid = VarsBody.SampleUuid },
            announce);
    }

    [Fact]
    public void Keys_uWSGI_does_not_know_are_kept_as_extensions()
    {
        var pairs = VarsBody.UwsgiPairs();
        pairs.Add(("x-epoch", "3"));
        pairs.Add(("Valor", "9"));

        Assert.True(AnnounceCodec.TryDecode(VarsBody.Of(pairs), out var announce, out _));
        Assert.Equal(77UL, announce.Valor);
        Assert.Equal(new Dictionary<string, string> { ["x-epoch"] = "3", ["Valor"] = "9" }, announce.Extensions);
    }

    [Theory]
    [InlineData("77", 77UL)]
    [InlineData("", 0UL)]
    [InlineData("007", 7UL)]
    [InlineData("1a", 59UL)] // 1·10 + ('a' − '0' = 49)
    [InlineData("-5", 18446744073709551591UL)] // ('-' − '0' = −3)·10 + 5 = −25, wrapped
    [InlineData(" 7", 18446744073709551463UL)] // (' ' − '0' = −16)·10 + 7 = −153, wrapped
    [InlineData("\u0080", 18446744073709551440UL)] // signed char: −128 − 48 = −176, wrapped
    [InlineData("9999999999999999999", 9999999999999999999UL)] // 19 digits: the longest uWSGI reads
    [InlineData("18446744073709551615", 0UL)] // 20 digits: uWSGI's weight overflows to 0
    [InlineData("00000000000000000077", 0UL)]
    public void Numbers_are_read_exactly_as_uWSGI_reads_them(string text, ulong expected)
    {
        var body = VarsBody.Of(VarsBody.UwsgiPairs().With("valor", text).With("checksum", text).With("lord_valor", text));

        Assert.True(AnnounceCodec.TryDecode(body, out var announce, out _));
        Assert.Equal((expected, expected, expected), (announce.Valor, announce.Checksum, announce.LordValor));
    }

    [Fact]
    public void Signed_fields_take_the_wrapped_64_bit_value_as_is()
    {
        var body = VarsBody.Of(VarsBody.UwsgiPairs().With("unix", "-5").With("pid", "9223372036854775808"));

        Assert.True(AnnounceCodec.TryDecode(body, out var announce, out _));
        Assert.Equal(-25L, announce.Unix);
        Assert.Equal(long.MinValue, announce.Pid);
    }

    [Fact]
    public void An_empty_body_parses_but_has_no_member_identity()
    {
        Assert.False(AnnounceCodec.TryDecode([], out _, out var reason));
        Assert.Equal(DropReason.MissingUuid, reason);
    }

    [Theory]
    [InlineData("00", "one stray byte")]
    [InlineData("0400", "a key length with nothing after it")]
    [InlineData("0000", "a zero-length key")]
    [InlineData("000000000000", "a zero-length key followed by bytes")]
    [InlineData("0400646561", "the key runs past the end")]
    [InlineData("040064656164", "a key with no value length")]
    [InlineData("04006465616401", "a key with half a value length")]
    [InlineData("0400646561640200", "a value length with no value")]
    [InlineData("040064656164020031", "the value runs past the end")]
    [InlineData("04006465616401003100", "a whole pair then one stray byte")]
    public void A_body_that_is_not_a_valid_vars_encoding_is_malformed(string hex, string because)
    {
        Assert.False(AnnounceCodec.TryDecode(Convert.FromHexString(hex), out var announce, out var reason), because);
        Assert.Null(announce);
        Assert.Equal(DropReason.Malformed, reason);
    }

    [Fact]
    public void A_valid_announce_with_a_truncated_tail_is_malformed()
    {
        byte[] body = VarsBody.Of(VarsBody.UwsgiPairs());

        for (int cut = 1; cut < 40; cut++)
        {
            Assert.False(AnnounceCodec.TryDecode(body.AsSpan(0, body.Length - cut), out _, out var reason));
            Assert.Equal(DropReason.Malformed, reason);
        }
    }

    [Fact]
    public void Malformation_is_reported_before_a_missing_uuid()
    {
        byte[] body = [.. VarsBody.Of([("name", "vm")]), 0x00];

        Assert.False(AnnounceCodec.TryDecode(body, out _, out var reason));
        Assert.Equal(DropReason.Malformed, reason);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_body_without_a_name_cannot_make_a_member(bool emptyName)
    {
        var pairs = emptyName ? VarsBody.UwsgiPairs().With("name", "") : VarsBody.UwsgiPairs().Without("name");

        Assert.False(AnnounceCodec.TryDecode(VarsBody.Of(pairs), out _, out var reason));
        Assert.Equal(DropReason.MissingName, reason);
    }

    [Fact]
    public void Encoding_refuses_an_empty_name()
    {
        var error = Assert.Throws<ArgumentException>(() => AnnounceCodec.Encode(AnnounceSamples.Typical() with { Name = "" }));
        Assert.Contains("Name", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("0b7c4a8e-2f1d-4c3b-9a6e-5d4f3e2a1b0c0")]
    [InlineData("0b7c4a8e-2f1d-4c3b-9a6e-5d4f3e2a1b0\u0100")]
    public void Encoding_refuses_a_uuid_that_is_not_36_single_byte_chars(string uuid)
    {
        Assert.Throws<ArgumentException>(() => AnnounceCodec.Encode(AnnounceSamples.Typical() with { Uuid = uuid }));
        Assert.Throws<ArgumentException>(() => AnnounceCodec.Encode(AnnounceSamples.Typical() with { LordUuid = uuid }));
    }

    [Theory]
    [InlineData("")]
    [InlineData("valor")]
    [InlineData("lord")]
    [InlineData("dead")]
    public void Encoding_refuses_an_extension_key_that_is_empty_or_belongs_to_uWSGI(string key)
    {
        var announce = AnnounceSamples.Typical() with { Extensions = new Dictionary<string, string> { [key] = "1" } };

        Assert.Throws<ArgumentException>(() => AnnounceCodec.Encode(announce));
    }

    [Fact]
    public void Encoding_refuses_a_value_longer_than_a_uint16_length_can_say()
    {
        var announce = AnnounceSamples.Typical() with { Scroll = new byte[65536] };

        var error = Assert.Throws<ArgumentException>(() => AnnounceCodec.Encode(announce));
        Assert.Contains("65535", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Announces_with_equal_scroll_bytes_and_extensions_are_equal()
    {
        var a = AnnounceSamples.Typical() with { Scroll = new byte[] { 1, 2 }, Extensions = new Dictionary<string, string> { ["x"] = "1" } };
        var b = AnnounceSamples.Typical() with { Scroll = new byte[] { 1, 2 }, Extensions = new Dictionary<string, string> { ["x"] = "1" } };

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b with { Scroll = new byte[] { 1, 3 } });
        Assert.NotEqual(a, b with { Extensions = new Dictionary<string, string> { ["x"] = "2" } });
    }

    [Fact]
    public void An_announce_does_not_change_when_the_caller_changes_the_arrays_it_passed()
    {
        byte[] scroll = [1, 2, 3];
        var extensions = new Dictionary<string, string> { ["x"] = "1" };
        var announce = AnnounceSamples.Typical() with { Scroll = scroll, Extensions = extensions };

        scroll[0] = 9;
        extensions["x"] = "2";

        Assert.Equal(new byte[] { 1, 2, 3 }, announce.Scroll!.Value.ToArray());
        Assert.Equal("1", announce.Extensions["x"]);
    }
}
