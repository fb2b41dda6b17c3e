using Xunit.Abstractions;

namespace Legion.Actors.Tests.Interop;

/// <summary>
/// Every cipher beyond AES and Blowfish, live against a real uWSGI 2.0 (with an IV token, so the IV padding is
/// exercised too): uWSGI opens our announces and votes for our node. cast5-cbc needs OpenSSL's legacy provider
/// on the uWSGI side, which <see cref="UwsgiLegionNode"/> activates.
/// </summary>
[Trait("Category", "Interop")]
public sealed class UwsgiCipherInteropTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("des-ede3-cbc")]
    [InlineData("camellia-128-cbc")]
    [InlineData("camellia-192-cbc")]
    [InlineData("camellia-256-cbc")]
    [InlineData("cast5-cbc")]
    public async Task A_uwsgi_node_and_ours_agree_on_the_Lord_over(string cipher)
    {
        await using var legion = await MixedLegion.StartAsync(output, ourValor: 90, uwsgiValor: 50, cipher: cipher, iv: "iv-token");
        string ourUuid = legion.Ours.Identity.Uuid;

        await Eventually.Until("uWSGI votes for our node", ct => legion.Uwsgi.ReadLegionAsync(ct),
            l => l.LordUuid == ourUuid && l.Members.Any(m => m.Uuid == ourUuid), TimeSpan.FromSeconds(20), legion.Describe);
        var ours = await Eventually.Until("we count the uWSGI node and rule", _ => legion.Ours.StatusAsync(),
            s => s.Election.IsLord && s.Election.Votes == 2, TimeSpan.FromSeconds(20), legion.Describe);

        Assert.Equal(legion.Uwsgi.Process.Id, Assert.Single(ours.Membership.Members).Pid);
        Assert.Empty(ours.Transport!.Drops);
    }
}
