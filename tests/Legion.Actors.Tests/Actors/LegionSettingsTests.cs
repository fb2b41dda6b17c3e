using Legion.Actors.Actions;
using Legion.Actors.Actors;
using Legion.Actors.Configuration;
using Legion.Actors.Model;
using Legion.Actors.Tests.Model;
using HealthCheckRunner = Legion.Actors.Health.HealthCheckRunner;

namespace Legion.Actors.Tests.Actors;

/// <summary><see cref="LegionSettings.Create"/>, the one place a legion's settings are built from a node's options.</summary>
public sealed class LegionSettingsTests
{
    private static readonly NodeIdentity Self = new("n1", 42, 90, ModelFixtures.Uuid(1));

    private static LegionDefinition Legion(string? scroll = null) => new()
    {
        Name = "web",
        Address = NodeAddress.Udp("127.0.0.1", 4242),
        Valor = 90,
        Cipher = "aes-128-cbc",
        Secret = "s3cret",
        Scroll = scroll,
    };

    [Fact]
    public void Every_node_wide_option_reaches_the_settings()
    {
        var legion = Legion("hello");
        var options = new LegionOptions
        {
            Frequency = TimeSpan.FromMilliseconds(250),
            Tolerance = TimeSpan.FromSeconds(2),
            SkewTolerance = TimeSpan.FromSeconds(7),
            ActionTimeout = TimeSpan.FromSeconds(9),
            DeathOnLordError = TimeSpan.FromSeconds(11),
            ScrollMaxSize = 100,
            ScrollListMaxSize = 1000,
            MulticastTtl = 3,
            MulticastLoop = false,
            Legions = [legion],
        };

        var settings = LegionSettings.Create(options, legion, Self, LegionActionRegistry.CreateDefault(), new LegionSignalBus(), LegionAlarms.None,
            HealthCheckRunner.Default);

        Assert.Equal(
            (options.Frequency, options.Tolerance, options.SkewTolerance, options.ActionTimeout, options.DeathOnLordError, 100, 1000L, 3, false),
            (settings.Frequency, settings.Tolerance, settings.SkewTolerance, settings.ActionTimeout, settings.DeathOnLordError, settings.ScrollMaxSize,
                settings.ScrollListMaxSize, settings.MulticastTtl, settings.MulticastLoop));
        Assert.Equal("hello"u8.ToArray(), settings.Scroll!.Value.ToArray());
        Assert.Same(Self, settings.Self);
        Assert.Same(legion, settings.Definition);
    }

    [Fact]
    public void A_legion_without_a_scroll_has_no_scroll_not_an_empty_one()
    {
        var legion = Legion();

        var settings = LegionSettings.Create(new LegionOptions { Legions = [legion] }, legion, Self, LegionActionRegistry.CreateDefault(), new LegionSignalBus(),
            LegionAlarms.None, HealthCheckRunner.Default);

        Assert.Null(settings.Scroll);
    }
}
