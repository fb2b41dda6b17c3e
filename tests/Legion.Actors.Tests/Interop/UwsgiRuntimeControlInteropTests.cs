using Legion.Actors.Model;
using Xunit.Abstractions;

namespace Legion.Actors.Tests.Interop;

/// <summary>Runtime valor changes and step-down of our node, seen by a real uWSGI 2.0 peer.</summary>
[Trait("Category", "Interop")]
public sealed class UwsgiRuntimeControlInteropTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private static async Task<MixedLegion> SettledAsync(ITestOutputHelper output)
    {
        var legion = await MixedLegion.StartAsync(output, ourValor: 90, uwsgiValor: 50);
        var ours = legion.Ours.Identity.Uuid;
        await Eventually.Until("uWSGI counts us and votes for us", ct => legion.Uwsgi.ReadLegionAsync(ct),
            l => l.LordUuid == ours && l.Members.Count == 1, Deadline, legion.Describe);
        await Eventually.Until("we are Lord", _ => legion.Ours.StatusAsync(), s => s.Election.IsLord && s.Election.Votes == 2, Deadline, legion.Describe);
        return legion;
    }

    [Fact]
    public async Task Raising_our_Lords_valor_leaves_one_member_on_uWSGI_and_uWSGI_never_claims_lordship()
    {
        await using var legion = await SettledAsync(output);
        var uuid = legion.Ours.Identity.Uuid;

        var outcome = await legion.Ours.Node.ChangeValorAsync(MixedLegion.Name, ValorRequest.Increase(5));

        Assert.True(outcome.Accepted, outcome.Message);
        var seen = await Eventually.Until("uWSGI sees valor 95 only and votes for it", ct => legion.Uwsgi.ReadLegionAsync(ct),
            l => l.Members.Count == 1 && l.Members[0].Valor == 95 && l.LordValor == 95, Deadline, legion.Describe);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var later = await legion.Uwsgi.ReadLegionAsync();

        Assert.Equal(uuid, seen.Members[0].Uuid);
        Assert.Single(later.Members);
        Assert.Equal(0, later.IAmTheLord);
        Assert.DoesNotContain("i am now the Lord", legion.Uwsgi.Process.Output, StringComparison.Ordinal);
        Assert.True((await legion.Ours.StatusAsync()).Election.IsLord);
        Assert.Single(legion.Ours.Events, e => e.Event == LegionEvent.Lord);
    }

    [Fact]
    public async Task A_step_down_makes_the_uWSGI_node_Lord_and_leaves_us_as_an_arbiter_member()
    {
        await using var legion = await SettledAsync(output);
        var uuid = legion.Ours.Identity.Uuid;

        var outcome = await legion.Ours.Node.StepDownAsync(MixedLegion.Name, TimeSpan.FromMinutes(5));

        Assert.True(outcome.Accepted, outcome.Message);
        var seen = await Eventually.Until("uWSGI is Lord with us as an arbiter", ct => legion.Uwsgi.ReadLegionAsync(ct),
            l => l.IAmTheLord != 0 && l.Members.Count == 1 && l.Members[0].Valor == 0, Deadline, legion.Describe);
        Assert.Equal(uuid, seen.Members[0].Uuid);
        Assert.False((await legion.Ours.StatusAsync()).Election.IsLord);
        Assert.Contains(legion.Ours.Events, e => e.Event == LegionEvent.Unlord);
    }
}
