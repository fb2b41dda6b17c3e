using Legion.Actors.Configuration;
using Microsoft.Extensions.Configuration;

namespace Legion.Actors.Tests.Configuration;

/// <summary><c>legion-max-members = NAME N</c>: the per-legion cap on the member table (an extension).</summary>
public class MemberCapConfigurationTests
{
    private const string Web = $"web 127.0.0.1:2000 90 aes-128-cbc:{Secrets.Secret}";

    private static LegionDefinition Cli(params string[] more) =>
        Assert.Single(UwsgiOptions.FromCommandLine(["--legion", Web, .. more]).Options.Legions);

    [Fact]
    public void A_legion_keeps_at_most_1024_members_unless_told_otherwise()
    {
        Assert.Equal(1024, Cli().MaxMembers);
        Assert.Equal(LegionDefinition.DefaultMaxMembers, Cli().MaxMembers);
    }

    [Fact]
    public void Legion_max_members_names_its_legion_like_legion_quorum()
    {
        var options = UwsgiOptions.FromCommandLine(["--legion", Web, "--legion", $"api 127.0.0.1:2001 90 aes-128-cbc:{Secrets.Secret}",
            "--legion-max-members", "api 16"]).Options;

        Assert.Equal(1024, options.Legions[0].MaxMembers);
        Assert.Equal(16, options.Legions[1].MaxMembers);
        options.Validate();
    }

    [Fact]
    public void The_structured_configuration_takes_MaxMembers_per_legion()
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Legion:Legions:0:Name"] = "web", ["Legion:Legions:0:Address"] = "127.0.0.1:2000", ["Legion:Legions:0:Valor"] = "90",
            ["Legion:Legions:0:Cipher"] = "aes-128-cbc", ["Legion:Legions:0:Secret"] = Secrets.Secret, ["Legion:Legions:0:MaxMembers"] = "8",
        }).Build().GetSection("Legion");

        Assert.Equal(8, Assert.Single(LegionConfiguration.FromConfiguration(section).Options.Legions).MaxMembers);
    }

    [Theory]
    [InlineData("web 0", "max members 0", "1..1000000")]
    [InlineData("web 2000000", "max members 2000000", "1..1000000")]
    [InlineData("web lots", "max members 'lots'", "1..1000000")]
    [InlineData("api 8", "legion 'api'", "declared before it: web")]
    public void A_bad_cap_names_the_option_and_the_value(string value, string problem, string expected)
    {
        var error = Assert.Throws<LegionConfigurationException>(() => Cli("--legion-max-members", value));

        Assert.StartsWith("--legion-max-members (argument 3): ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_built_in_code_with_a_cap_below_one_do_not_validate()
    {
        var legion = Cli() with { MaxMembers = 0 };
        var error = Assert.Throws<LegionConfigurationException>(() => new LegionOptions { Legions = [legion] }.Validate());

        Assert.Contains("legion-max-members", error.Message, StringComparison.Ordinal);
    }
}
