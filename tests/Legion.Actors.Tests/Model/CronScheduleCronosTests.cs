using System.Globalization;
using Cronos;
using Legion.Actors.Model;

namespace Legion.Actors.Tests.Model;

/// <summary>
/// Could Cronos (0.13.0; referenced by the tests only) replace <see cref="CronSchedule"/>? Each uWSGI field is translated
/// to the Cronos field with the same values, and both are compared minute by minute. They agree on everything but one
/// rule: when DAY and WEEKDAY are both exact (≥ 0), uWSGI runs when either matches, and Cronos, which ANDs its
/// day-of-month and day-of-week fields, when both do. No single Cronos expression holds that union.
/// </summary>
public class CronScheduleCronosTests
{
    // 2027 and 2028: every weekday on every day of the month, and a 29 February.
    private static readonly DateTime From = new(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime To = new(2029, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// The Cronos expression with uWSGI's values field by field: an exact value as is, -1 as <c>*</c>, and -N (every value
    /// divisible by N) as a step from the first multiple of N in the field's range: <c>0/N</c> for minute, hour and weekday,
    /// <c>N/N</c> for day and month, which count from 1 (<c>*/N</c> would start at 1: months 1, 3, 5, ... for -2). Cronos
    /// takes steps up to the field's last value, so minute -60 and hour -24, which only 0 divides into, become <c>0</c>.
    /// </summary>
    private static string ToCronos(CronSchedule schedule) => string.Join(' ',
        Field(schedule.Minute, first: 0, last: 59),
        Field(schedule.Hour, first: 0, last: 23),
        Field(schedule.Day, first: 1, last: 31),
        Field(schedule.Month, first: 1, last: 12),
        Field(schedule.Weekday, first: 0, last: 7));

    private static string Field(int value, int first, int last) => value switch
    {
        >= 0 => value.ToString(CultureInfo.InvariantCulture),
        -1 => "*",
        _ when -value > last => "0",
        _ => string.Create(CultureInfo.InvariantCulture, $"{(first == 0 ? 0 : -value)}/{-value}"),
    };

    private static CronSchedule Schedule(string fields)
    {
        Assert.True(CronSchedule.TryParse(fields + " cmd", out var schedule, out _, out var problem), problem);
        return schedule;
    }

    private static List<DateTime> OurMinutes(CronSchedule schedule, DateTime from, DateTime to, TimeSpan step)
    {
        var matching = new List<DateTime>();
        for (var t = from; t < to; t += step)
        {
            if (schedule.Matches(t))
            {
                matching.Add(t);
            }
        }
        return matching;
    }

    private static List<DateTime> CronosMinutes(CronSchedule schedule, DateTime from, DateTime to) =>
        CronExpression.Parse(ToCronos(schedule)).GetOccurrences(from, to).ToList();

    /// <summary>Equal lists, or a message naming the first minute where they part.</summary>
    private static void AssertSame(CronSchedule schedule, List<DateTime> ours, List<DateTime> cronos)
    {
        int i = 0;
        while (i < ours.Count && i < cronos.Count && ours[i] == cronos[i])
        {
            i++;
        }
        if (i < ours.Count || i < cronos.Count)
        {
            string Next(List<DateTime> list) => i < list.Count ? list[i].ToString("yyyy-MM-dd HH:mm ddd", CultureInfo.InvariantCulture) : "none";
            Assert.Fail($"uWSGI '{schedule}' vs Cronos '{ToCronos(schedule)}': {ours.Count} vs {cronos.Count} minutes; first difference: uWSGI {Next(ours)}, Cronos {Next(cronos)}");
        }
    }

    public static TheoryData<string> Combinations =>
    [
        "-1 -1 -1 -1 -1",
        "-15 -1 -1 -1 -1",
        "-7 -1 -1 -1 -1",
        "-60 -1 -1 -1 -1",
        "30 4 -1 -1 -1",
        "0 -5 -1 -1 -1",
        "-20 -24 -1 -1 -1",
        "0 0 -5 -1 -1",
        "0 12 -31 -1 -1",
        "0 0 31 -1 -1",
        "0 0 -1 -2 -1",
        "0 0 1 -3 -1",
        "15 6 -1 -12 -1",
        "0 0 -1 -1 -2",
        "0 0 -1 -1 -3",
        "0 8 -1 -1 0",
        "0 8 -1 -1 7",
        "-30 -6 29 2 -1",
        "0 0 -5 -1 1",     // day a step, weekday exact: uWSGI ANDs them, as Cronos does
        "0 0 13 -1 -5",    // day exact, weekday a step: likewise
        "-10 -2 -2 -2 -2",
        "45 23 -7 -1 -7",
    ];

    [Theory]
    [MemberData(nameof(Combinations))]
    public void Cronos_matches_the_same_minutes_of_two_years_unless_day_and_weekday_are_both_exact(string fields)
    {
        var schedule = Schedule(fields);
        Assert.False(schedule.Day >= 0 && schedule.Weekday >= 0);
        AssertSame(schedule, OurMinutes(schedule, From, To, TimeSpan.FromMinutes(1)), CronosMinutes(schedule, From, To));
    }

    [Fact]
    public void Every_minute_and_hour_value_translates_exactly()
    {
        var day = From.AddDays(59);
        for (int value = -60; value <= 59; value++)
        {
            var minute = new CronSchedule(value, -1, -1, -1, -1);
            AssertSame(minute, OurMinutes(minute, day, day.AddDays(1), TimeSpan.FromMinutes(1)), CronosMinutes(minute, day, day.AddDays(1)));
        }
        for (int value = -24; value <= 23; value++)
        {
            var hour = new CronSchedule(0, value, -1, -1, -1);
            AssertSame(hour, OurMinutes(hour, day, day.AddDays(1), TimeSpan.FromMinutes(1)), CronosMinutes(hour, day, day.AddDays(1)));
        }
    }

    [Fact]
    public void Every_day_month_and_weekday_value_translates_exactly_on_every_day_of_two_years_but_exact_day_with_exact_weekday()
    {
        // At 00:00 only, so stepping a day at a time sees every match of either side.
        for (int month = -12; month <= 12; month++)
        {
            if (month != 0)
            {
                var schedule = new CronSchedule(0, 0, -1, month, -1);
                AssertSame(schedule, OurMinutes(schedule, From, To, TimeSpan.FromDays(1)), CronosMinutes(schedule, From, To));
            }
        }

        int differ = 0;
        for (int day = -31; day <= 31; day++)
        {
            for (int weekday = -7; weekday <= 7 && day != 0; weekday++)
            {
                var schedule = new CronSchedule(0, 0, day, -1, weekday);
                var ours = OurMinutes(schedule, From, To, TimeSpan.FromDays(1));
                var cronos = CronosMinutes(schedule, From, To);
                if (day < 0 || weekday < 0)
                {
                    AssertSame(schedule, ours, cronos);
                    continue;
                }

                // Both exact: uWSGI takes either, Cronos both; over two years every such pair tells them apart.
                var both = ours.Where(t => t.Day == day && (int)t.DayOfWeek == weekday % 7).ToList();
                Assert.Equal(both, cronos);
                Assert.NotEqual(ours, cronos);
                differ++;
            }
        }
        Assert.Equal(31 * 8, differ);
    }

    [Fact]
    public void Friday_the_thirteenth_is_every_friday_and_every_thirteenth_in_uwsgi_but_only_friday_the_thirteenth_in_cronos()
    {
        var schedule = Schedule("0 12 13 -1 5");
        var cronos = CronExpression.Parse(ToCronos(schedule));
        Assert.Equal("0 12 13 * 5", ToCronos(schedule));

        Assert.True(schedule.Matches(new DateTime(2027, 1, 1, 12, 0, 0)));    // a Friday, the 1st
        Assert.True(schedule.Matches(new DateTime(2027, 1, 13, 12, 0, 0)));   // the 13th, a Wednesday
        Assert.Equal(new DateTime(2027, 8, 13, 12, 0, 0, DateTimeKind.Utc), cronos.GetNextOccurrence(From));   // the first Friday the 13th
        Assert.Equal(2, cronos.GetOccurrences(From, To).Count());   // 2027-08-13 and 2028-10-13
        Assert.Equal(105 + 24 - 2, OurMinutes(schedule, From.AddHours(12), To, TimeSpan.FromDays(1)).Count);   // Fridays + 13ths - both
    }

    [Fact]
    public void Cron_star_slash_n_starts_at_one_in_months_so_uwsgi_minus_two_is_two_slash_two()
    {
        var evenMonths = Schedule("0 0 1 -2 -1");
        Assert.Equal("0 0 1 2/2 *", ToCronos(evenMonths));
        var starSlashTwo = CronExpression.Parse("0 0 1 */2 *").GetOccurrences(From, From.AddYears(1)).Select(t => t.Month);
        var ours = OurMinutes(evenMonths, From, From.AddYears(1), TimeSpan.FromDays(1)).Select(t => t.Month);
        Assert.Equal([1, 3, 5, 7, 9, 11], starSlashTwo);
        Assert.Equal([2, 4, 6, 8, 10, 12], ours);
    }
}
