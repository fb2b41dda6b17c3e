using Legion.Actors.Protocol;

namespace Legion.Actors.Tests.Protocol;

/// <summary>Unknown keys are kept as extensions, but only a bounded number per announce (found by fuzzing).</summary>
public class AnnounceCodecExtensionLimitTests
{
    [Fact]
    public void An_announce_with_thousands_of_unknown_keys_keeps_only_the_first_sixty_four()
    {
        var pairs = VarsBody.UwsgiPairs();
        pairs.AddRange(Enumerable.Range(0, 5000).Select(i => ($"x{i}", "")));

        Assert.True(AnnounceCodec.TryDecode(VarsBody.Of(pairs), out var announce, out _));

        Assert.Equal(AnnounceCodec.MaxExtensions, announce.Extensions.Count);
        Assert.Contains("x0", announce.Extensions.Keys);
        Assert.Contains("x63", announce.Extensions.Keys);
        Assert.DoesNotContain("x64", announce.Extensions.Keys);
        Assert.Equal(VarsBody.SampleUuid, announce.Uuid);
    }

    [Fact]
    public void A_kept_extension_repeated_after_the_limit_still_takes_its_last_value()
    {
        var pairs = VarsBody.UwsgiPairs();
        pairs.AddRange(Enumerable.Range(0, 100).Select(i => ($"x{i}", "first")));
        pairs.Add(("x1", "last"));

        Assert.True(AnnounceCodec.TryDecode(VarsBody.Of(pairs), out var announce, out _));

        Assert.Equal("last", announce.Extensions["x1"]);
    }

    [Fact]
    public void Known_keys_after_many_unknown_ones_are_still_read()
    {
        var pairs = Enumerable.Range(0, 1000).Select(i => ($"x{i}", "v")).ToList();
        pairs.AddRange(VarsBody.UwsgiPairs());

        Assert.True(AnnounceCodec.TryDecode(VarsBody.Of(pairs), out var announce, out _));

        Assert.Equal(("gold", 77UL, "vm"), (announce.Legion, announce.Valor, announce.Name));
    }
}
