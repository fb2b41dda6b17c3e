using Legion.Actors.Protocol;

namespace Legion.Actors.Tests.Protocol;

/// <summary>Pure tests against datagrams captured once from a real uWSGI 2.0.21 (see <see cref="UwsgiGoldenVectors"/>).</summary>
public class UwsgiGoldenVectorTests
{
    public static TheoryData<int> Vectors => new(Enumerable.Range(0, UwsgiGoldenVectors.All.Count));

    [Theory]
    [MemberData(nameof(Vectors))]
    public void A_datagram_from_uWSGI_opens_to_the_fields_uWSGI_reported(int index)
    {
        var vector = UwsgiGoldenVectors.All[index];

        bool opened = LegionDatagram.TryOpen(vector.Datagram, vector.CreateCipher(), "gold", out var announce, out var reason);

        Assert.True(opened, $"{vector}: dropped as {reason}");
        Assert.Equal(vector.Expected, announce);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Sealing_the_same_announce_reproduces_uWSGIs_datagram_byte_for_byte(int index)
    {
        var vector = UwsgiGoldenVectors.All[index];

        Assert.Equal(vector.DatagramHex, Convert.ToHexStringLower(LegionDatagram.Seal(vector.Expected, vector.CreateCipher())));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void A_datagram_from_uWSGI_does_not_open_with_another_secret(int index)
    {
        var vector = UwsgiGoldenVectors.All[index];
        var wrong = LegionCipher.Create(vector.Cipher, "x" + vector.Secret, vector.Iv);

        Assert.False(LegionDatagram.TryOpen(vector.Datagram, wrong, "gold", out _, out _));
    }

    [Fact]
    public void Bytes_of_a_long_secret_past_the_key_length_do_not_matter_to_uWSGI_either()
    {
        var vector = UwsgiGoldenVectors.All.First(v => v.Cipher == "aes-256-cbc");
        var truncated = LegionCipher.Create(vector.Cipher, vector.Secret[..32] + "anything else", vector.Iv);

        Assert.True(LegionDatagram.TryOpen(vector.Datagram, truncated, "gold", out var announce, out _));
        Assert.Equal(vector.Expected, announce);
    }

    [Fact]
    public void Bytes_of_a_long_IV_token_past_the_IV_length_do_not_matter_to_uWSGI_either()
    {
        var vector = UwsgiGoldenVectors.All.First(v => v.Cipher == "aes-256-cbc");
        var truncated = LegionCipher.Create(vector.Cipher, vector.Secret, vector.Iv![..16] + "anything else");

        Assert.True(LegionDatagram.TryOpen(vector.Datagram, truncated, "gold", out var announce, out _));
        Assert.Equal(vector.Expected, announce);
    }

    [Fact]
    public void The_captured_vectors_cover_every_uwsgi_compatible_cipher()
    {
        Assert.Equal(CipherSuites.UwsgiCompatible.Order(), UwsgiGoldenVectors.All.Select(v => v.Cipher).Distinct().Order());
    }

    [Fact]
    public void Every_uwsgi_cipher_has_a_uWSGI_vector_with_and_one_without_an_IV_token()
    {
        Assert.All(CipherSuites.UwsgiCompatible, cipher =>
        {
            Assert.Contains(UwsgiGoldenVectors.All, v => v.Cipher == cipher && v.Iv is null);
            Assert.Contains(UwsgiGoldenVectors.All, v => v.Cipher == cipher && v.Iv is not null);
        });
    }
}
