using Legion.Actors.Model;
using static Legion.Actors.Tests.Model.ModelFixtures;

namespace Legion.Actors.Tests.Model;

/// <summary>Announces that carry this node's own uuid: never a member, whatever else they say.</summary>
public sealed class ImpersonationTests
{
    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(30);
    private readonly NodeIdentity _self = Node(90, 1, name: "self", pid: 100);

    [Theory]
    [InlineData("self", 101L, 90UL)]
    [InlineData("other-host", 100L, 90UL)]
    [InlineData("other-host", 555L, 65535UL)]
    public void An_announce_with_this_nodes_uuid_and_another_name_pid_or_valor_is_never_admitted(string name, long pid, ulong valor)
    {
        var impostor = From(new NodeIdentity(name, pid, valor, _self.Uuid), 10);

        var result = Membership.Empty.Receive(impostor, _self, At(10), Skew);

        Assert.Equal(ReceiveOutcome.Impersonation, result.Outcome);
        Assert.Equal(0, result.Membership.Count);
        Assert.Null(result.Member);
    }

    [Fact]
    public void Our_own_looped_back_announce_is_still_only_our_own()
    {
        var result = Membership.Empty.Receive(From(_self, 10), _self, At(10), Skew);

        Assert.Equal(ReceiveOutcome.Own, result.Outcome);
        Assert.Equal(0, result.Membership.Count);
    }
}
