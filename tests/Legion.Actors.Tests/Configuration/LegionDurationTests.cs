using Legion.Actors.Configuration;

namespace Legion.Actors.Tests.Configuration;

public class LegionDurationTests
{
    [Theory]
    [InlineData("3", 3_000)]
    [InlineData(" 15 ", 15_000)]
    [InlineData("0", 0)]
    [InlineData("1.5", 1_500)]
    [InlineData("250ms", 250)]
    [InlineData("1.5s", 1_500)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("0.25s", 250)]
    public void Whole_seconds_fractions_and_units_are_read(string text, long milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), LegionDuration.Parse(text));

    [Fact]
    public void Decimal_arithmetic_keeps_one_point_one_seconds_exact() =>
        Assert.Equal(TimeSpan.FromTicks(11_000_000), LegionDuration.Parse("1.1s"));

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData("1e3")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("1.2.3")]
    [InlineData("3 s")]
    [InlineData("3sec")]
    [InlineData("3S")]
    [InlineData("1,5")]
    [InlineData("99999999999999999999999h")]
    public void Anything_else_is_not_a_duration(string text)
    {
        Assert.False(LegionDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.Zero, duration);
        Assert.Throws<FormatException>(() => LegionDuration.Parse(text));
    }

    [Fact]
    public void Null_is_not_a_duration() => Assert.False(LegionDuration.TryParse(null, out _));

    [Theory]
    [InlineData("3s")]
    [InlineData("250ms")]
    [InlineData("1.5s")]
    [InlineData("0.0000001s")]
    public void Format_writes_what_parse_reads_back(string text)
    {
        var duration = LegionDuration.Parse(text);
        Assert.Equal(text, LegionDuration.Format(duration));
        Assert.Equal(duration, LegionDuration.Parse(LegionDuration.Format(duration)));
    }
}
