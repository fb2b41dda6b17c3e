using Legion.Actors.Model;
using static Legion.Actors.Tests.Model.ModelFixtures;

namespace Legion.Actors.Tests.Model;

public class LegionChecksumTests
{
    [Fact]
    public void Checksum_is_valor_plus_uuid_bytes_of_self_and_every_member()
    {
        var self = Node(10, 1);
        var peer = Node(20, 2, "peer");
        var table = Table(self, 0, (peer, Vote.None, 0));

        ulong uuidBytes(string uuid) => (ulong)uuid.Sum(c => (int)c);
        ulong expected = 10 + uuidBytes(self.Uuid) + 20 + uuidBytes(peer.Uuid);

        Assert.Equal(expected, table.Checksum(self));
    }

    [Fact]
    public void A_known_uuid_gives_the_value_uwsgi_computes()
    {
        // "12345678-1234-1234-1234-123456789abc": 32 hex digits + 4 dashes, summed by hand.
        var self = new NodeIdentity("h", 1, 7, "12345678-1234-1234-1234-123456789abc");
        // digits: 1..8 (=0x31..0x38) -> 420; "1234" x3 -> 3*202; "123456789abc" -> 0x31..0x39 (=477) + a,b,c (=294); dashes 4*45.
        ulong expected = 7 + 420 + 3 * 202 + 477 + 294 + 4 * 45;
        Assert.Equal(expected, Membership.Empty.Checksum(self));
    }

    [Fact]
    public void The_sum_wraps_in_unsigned_64_bit_arithmetic()
    {
        var self = new NodeIdentity("h", 1, ulong.MaxValue, Uuid(0));
        ulong expected = unchecked(ulong.MaxValue + (ulong)Uuid(0).Sum(c => (int)c));
        Assert.Equal(expected, Membership.Empty.Checksum(self));
    }

    [Fact]
    public void Bytes_above_0x7F_count_as_negative_chars_as_in_uwsgi()
    {
        Assert.Equal(unchecked((ulong)(-1L)), LegionChecksum.UuidSum("\u00FF"));
    }
}
