using System.Text.Json;

namespace Legion.Actors.Tests.Interop;

/// <summary>Scrolls between a real uWSGI 2.0 node and ours, bf-cbc, and the shape of our stats next to uWSGI's.</summary>
[Trait("Category", "Interop")]
public sealed class UwsgiMatrixScrollTests
{
    [Fact]
    public async Task Scrolls_cross_both_ways_and_our_stats_hold_every_key_of_uwsgis_legion_section()
    {
        var (pOurs, pUwsgi) = (LoopbackPorts.FreeUdp(), LoopbackPorts.FreeUdp());
        await using var matrix = new Matrix();
        var uwsgi = matrix.Add(await MatrixNode.StartUwsgiAsync(pUwsgi, [pOurs], 50, quorum: 0, scroll: "scroll-of-uwsgi"));
        await Eventually.Until("uWSGI rules alone", ct => uwsgi.ReadAsync(ct), v => v.IAmTheLord != 0, Matrix.Deadline, matrix.Describe);

        var ours = matrix.Add(await MatrixNode.StartOursAsync(pOurs, [pUwsgi], 90, quorum: 0, extra: ["--legion-scroll", "gold our scroll, with spaces"]));
        string ourUuid = (await ours.ReadAsync()).Uuid;

        // uWSGI steps down for our node and logs its scroll as "The New Lord Scroll".
        await Eventually.Until("uWSGI logged our scroll as the new Lord's", _ => Task.FromResult(uwsgi.Output),
            o => o.Contains("The New Lord Scroll", StringComparison.Ordinal) && o.Contains("our scroll, with spaces", StringComparison.Ordinal), Matrix.Deadline, matrix.Describe);
        Assert.Contains($"a new Lord (valor: 90 uuid: {ourUuid}) raised for Legion gold", uwsgi.Output, StringComparison.Ordinal);

        // Our stats show uWSGI's scroll on its member entry and in the scroll list.
        var ourJson = JsonDocument.Parse(await ours.ReadJsonAsync()).RootElement.GetProperty("legions")[0];
        Assert.Equal("scroll-of-uwsgi", ourJson.GetProperty("members")[0].GetProperty("scroll").GetString());
        Assert.Equal(["our scroll, with spaces", "scroll-of-uwsgi"], ourJson.GetProperty("scrolls").EnumerateArray().Select(e => e.GetProperty("scroll").GetString()));
        Assert.Equal("our scroll, with spaces", ourJson.GetProperty("lord_scroll").GetString());

        // Every key uWSGI writes for a legion and its members is in ours, with the same JSON type.
        var uwsgiJson = JsonDocument.Parse(await uwsgi.ReadJsonAsync()).RootElement.GetProperty("legions")[0];
        AssertSameKeys(uwsgiJson, ourJson);
        AssertSameKeys(uwsgiJson.GetProperty("members")[0], ourJson.GetProperty("members")[0]);
    }

    private static void AssertSameKeys(JsonElement uwsgi, JsonElement ours)
    {
        foreach (var property in uwsgi.EnumerateObject())
        {
            Assert.True(ours.TryGetProperty(property.Name, out var mine), $"our stats lack '{property.Name}'");
            Assert.Equal((property.Name, property.Value.ValueKind), (property.Name, mine.ValueKind));
        }
    }
}
