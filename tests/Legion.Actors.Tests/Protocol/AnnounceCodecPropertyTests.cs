using FsCheck;
using FsCheck.Fluent;
using Legion.Actors.Protocol;

namespace Legion.Actors.Tests.Protocol;

public class AnnounceCodecPropertyTests
{
    [Fact]
    public void Any_announce_survives_encode_then_decode_unchanged()
    {
        Prop.ForAll(
                AnnounceGenerators.Announce().ToArbitrary(),
                announce => AnnounceCodec.TryDecode(AnnounceCodec.Encode(announce), out var decoded, out _) && announce.Equals(decoded))
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Any_announce_survives_seal_then_open_with_every_cipher()
    {
        var ciphers = CipherSuites.UwsgiCompatible.Select(name => LegionCipher.Create(name, "s3cret", null)).ToArray();

        Prop.ForAll(
                AnnounceGenerators.Announce().ToArbitrary(),
                announce => ciphers.All(cipher =>
                    LegionDatagram.TryOpen(LegionDatagram.Seal(announce, cipher), cipher, announce.Legion, out var opened, out _)
                    && announce.Equals(opened)))
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Any_announce_survives_authenticated_seal_then_open_with_only_a_sequence_number_added()
    {
        Prop.ForAll(
                AnnounceGenerators.Announce().ToArbitrary(),
                announce => LegionCipher.AuthenticatedNames.All(name =>
                {
                    var cipher = LegionCipher.Create(name, "s3cret", null, announce.Legion);
                    if (announce.Extensions.ContainsKey(LegionDatagram.SequenceKey))
                    {
                        return true;
                    }
                    return LegionDatagram.TryOpen(LegionDatagram.Seal(announce, cipher), cipher, announce.Legion, out var opened, out _)
                        && LegionDatagram.SequenceOf(opened) is not null
                        && announce.Equals(opened with { Extensions = opened.Extensions.Where(e => e.Key != LegionDatagram.SequenceKey).ToDictionary() });
                }))
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Decoding_random_bytes_never_throws_and_reports_consistently()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes => DecodesConsistently(bytes)).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Decoding_random_pairs_of_known_keys_never_throws_and_reports_consistently()
    {
        var keys = AnnounceCodec.UwsgiKeys.Append("x-ext").ToArray();
        var pairs = Gen.ListOf(Gen.Zip(Gen.Elements(keys), AnnounceGenerators.Text(0)));
        var bodies =
            from list in pairs
            from cut in Gen.Choose(0, 3)
            let body = VarsBody.Of(list.Select(p => (p.Item1, p.Item2)))
            select body[..Math.Max(0, body.Length - cut)];

        Prop.ForAll(bodies.ToArbitrary(), body => DecodesConsistently(body)).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Opening_random_datagrams_never_throws_and_reports_consistently()
    {
        var cipher = LegionCipher.Create("aes-128-cbc", "s3cret", null);
        var datagrams =
            from payload in ArbMap.Default.GeneratorFor<byte[]>()
            from header in Gen.Elements<byte[]>([], [109], [109, 0, 0, 0], [109, 16, 0, 0], [1, 2, 3, 4])
            select (byte[])[.. header, .. payload];

        Prop.ForAll(datagrams.ToArbitrary(), datagram =>
            {
                bool opened = LegionDatagram.TryOpen(datagram, cipher, "gold", out var announce, out var reason);
                return opened == (announce is not null) && opened == (reason == DropReason.None);
            })
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Any_number_below_ten_to_the_19th_reads_back_as_written()
    {
        Prop.ForAll(
                AnnounceGenerators.Unsigned().ToArbitrary(),
                value => UwsgiNumber.Parse(System.Text.Encoding.ASCII.GetBytes(value.ToString(System.Globalization.CultureInfo.InvariantCulture))) == value)
            .QuickCheckThrowOnFailure();
    }

    private static bool DecodesConsistently(byte[] body)
    {
        bool decoded = AnnounceCodec.TryDecode(body, out var announce, out var reason);
        return decoded == (announce is not null) && decoded == (reason == DropReason.None);
    }
}
