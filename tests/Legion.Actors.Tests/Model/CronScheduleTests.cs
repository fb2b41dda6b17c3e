using Legion.Actors.Model;

namespace Legion.Actors.Tests.Model;

public class CronScheduleTests
{
    // 2026-03-02 is a Monday.
    private static DateTime At(int month, int day, int hour, int minute) => new(2026, month, day, hour, minute, 0);

    private static CronSchedule Parse(string text)
    {
        Assert.True(CronSchedule.TryParse(text + " cmd", out var schedule, out _, out var problem), problem);
        return schedule;
    }

    [Fact]
    public void Five_numbers_then_the_command_split_as_uwsgis_sscanf_does()
    {
        Assert.True(CronSchedule.TryParse("  5  -1\t3 -2 1   /usr/bin/backup --all  now", out var schedule, out var command, out _));

        Assert.Equal(new CronSchedule(5, -1, 3, -2, 1), schedule);
        Assert.Equal("/usr/bin/backup --all  now", command);
        Assert.Equal("5 -1 3 -2 1", schedule.ToString());
    }

    [Theory]
    [InlineData("-1 -1 -1 -1", "the weekday field is missing")]
    [InlineData("-1 -1 -1 -1 -1", "the command is missing")]
    [InlineData("-1 -1 -1 -1 -1   ", "the command is missing")]
    [InlineData("* -1 -1 -1 -1 cmd", "the minute field '*' is not a whole number")]
    [InlineData("60 -1 -1 -1 -1 cmd", "the minute field 60 is out of range")]
    [InlineData("-1 24 -1 -1 -1 cmd", "the hour field 24 is out of range")]
    [InlineData("-1 -1 0 -1 -1 cmd", "the day field 0 is out of range")]
    [InlineData("-1 -1 -1 13 -1 cmd", "the month field 13 is out of range")]
    [InlineData("-1 -1 -1 -1 8 cmd", "the weekday field 8 is out of range")]
    [InlineData("-61 -1 -1 -1 -1 cmd", "the minute field -61 is out of range")]
    [InlineData("-1 -1 -1 -13 -1 cmd", "the month field -13 is out of range")]
    public void Malformed_lines_are_refused_with_the_field_named(string text, string problem)
    {
        Assert.False(CronSchedule.TryParse(text, out _, out _, out var actual));
        Assert.StartsWith(problem, actual, StringComparison.Ordinal);
    }

    [Fact]
    public void All_minus_one_runs_every_minute()
    {
        var schedule = Parse("-1 -1 -1 -1 -1");
        Assert.All(Enumerable.Range(0, 24 * 60), m => Assert.True(schedule.Matches(At(3, 2, 0, 0).AddMinutes(m))));
    }

    [Fact]
    public void Minus_n_is_every_nth_value_counted_from_zero()
    {
        var schedule = Parse("-15 -1 -1 -1 -1");
        var matching = Enumerable.Range(0, 60).Where(m => schedule.Matches(At(3, 2, 10, m))).ToList();
        Assert.Equal([0, 15, 30, 45], matching);
    }

    [Fact]
    public void Exact_values_must_all_match()
    {
        var schedule = Parse("30 4 -1 -1 -1");
        Assert.True(schedule.Matches(At(3, 2, 4, 30)));
        Assert.False(schedule.Matches(At(3, 2, 4, 31)));
        Assert.False(schedule.Matches(At(3, 2, 5, 30)));
    }

    [Fact]
    public void Months_count_from_one_so_minus_two_is_the_even_months()
    {
        var schedule = Parse("0 0 1 -2 -1");
        var months = Enumerable.Range(1, 12).Where(m => schedule.Matches(At(m, 1, 0, 0))).ToList();
        Assert.Equal([2, 4, 6, 8, 10, 12], months);
    }

    [Fact]
    public void Weekday_seven_is_sunday_as_in_crontab()
    {
        var sunday = At(3, 1, 8, 0);
        Assert.Equal(DayOfWeek.Sunday, sunday.DayOfWeek);
        Assert.True(Parse("0 8 -1 -1 7").Matches(sunday));
        Assert.True(Parse("0 8 -1 -1 0").Matches(sunday));
        Assert.False(Parse("0 8 -1 -1 1").Matches(sunday));
    }

    [Fact]
    public void Day_and_weekday_both_set_match_when_either_does()
    {
        // The 15th, or any Monday.
        var schedule = Parse("0 12 15 -1 1");
        Assert.True(schedule.Matches(At(3, 15, 12, 0)));   // a Sunday, but the 15th
        Assert.True(schedule.Matches(At(3, 2, 12, 0)));    // a Monday
        Assert.False(schedule.Matches(At(3, 3, 12, 0)));   // neither
    }

    [Fact]
    public void Day_or_weekday_left_as_any_makes_both_required()
    {
        // Mondays only (day any), and the 15th only (weekday any).
        Assert.True(Parse("0 12 -1 -1 1").Matches(At(3, 2, 12, 0)));
        Assert.False(Parse("0 12 -1 -1 1").Matches(At(3, 15, 12, 0)));
        Assert.True(Parse("0 12 15 -1 -1").Matches(At(3, 15, 12, 0)));
        Assert.False(Parse("0 12 15 -1 -1").Matches(At(3, 2, 12, 0)));
    }

    [Fact]
    public void A_weekday_step_with_day_any_needs_both_as_uwsgi()
    {
        // uWSGI ORs day and weekday only when both are >= 0; -2 on the weekday is a step, so every second weekday.
        var schedule = Parse("0 0 -1 -1 -2");
        var days = Enumerable.Range(1, 7).Where(d => schedule.Matches(At(3, d, 0, 0))).Select(d => At(3, d, 0, 0).DayOfWeek).ToList();
        Assert.Equal([DayOfWeek.Sunday, DayOfWeek.Tuesday, DayOfWeek.Thursday, DayOfWeek.Saturday], days.Order());
    }

    [Fact]
    public void Seconds_are_ignored()
    {
        Assert.True(Parse("30 4 -1 -1 -1").Matches(At(3, 2, 4, 30).AddSeconds(59.9)));
    }
}
