using Legion.Actors.Model;
using static Legion.Actors.Tests.Model.ModelFixtures;

namespace Legion.Actors.Tests.Model;

public class VersionFenceTests
{
    [Theory]
    [InlineData("1", "2", -1)]
    [InlineData("2.10", "2.9", 1)]
    [InlineData("2.0", "2", 0)]
    [InlineData("2.0.1", "2.0", 1)]
    [InlineData("2.0-rc1", "2.0", -1)]
    [InlineData("2.0-rc2", "2.0-rc1", 1)]
    [InlineData("1.0-beta", "1.0-alpha", 1)]
    [InlineData("v2", "v10", 1)]   // not numbers: ordinal
    public void Versions_compare_part_by_part_numerically_then_by_pre_release(string a, string b, int sign)
    {
        Assert.Equal(sign, Math.Sign(VersionFence.Compare(a, b)));
        Assert.Equal(-sign, Math.Sign(VersionFence.Compare(b, a)));
    }

    [Fact]
    public void A_node_is_outdated_by_the_newest_higher_version_among_its_members()
    {
        var self = Node(10, 1);
        var table = Membership.Empty;
        foreach (var (peer, version) in new[] { (Node(5, 2, "a"), "1.2"), (Node(5, 3, "b"), "1.10"), (Node(5, 4, "c"), "1.1") })
        {
            var announce = From(peer, 0) with { Extensions = new Dictionary<string, string> { ["version"] = version } };
            table = table.Receive(announce, self, At(0), TimeSpan.FromSeconds(30)).Membership;
        }

        Assert.Equal("1.10", VersionFence.NewerThanMine("1.1", table.Members));
        Assert.Null(VersionFence.NewerThanMine("1.10", table.Members));
        Assert.Null(VersionFence.NewerThanMine(null, table.Members));
    }
}
