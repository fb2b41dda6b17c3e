using System.Globalization;

namespace Legion.Actors.Model;

/// <summary>
/// When a uWSGI cron task runs: the five fields of <c>cron</c>, <c>legion-cron</c> and their aliases
/// (<c>MINUTE HOUR DAY MONTH WEEKDAY</c>), with uWSGI 2.0's meaning (master_utils.c,
/// <c>uwsgi_cron_task_needs_execution</c>): a value ≥ 0 must match exactly, <c>-1</c> matches any value, and
/// <c>-N</c> matches every value divisible by N (<c>-5</c> in the minute field is every fifth minute, 0, 5,
/// 10, ...). Months count 1..12 and weekdays 0..6 from Sunday, with 7 also Sunday. When both DAY and WEEKDAY are
/// ≥ 0 a date matches if either does (as crontab); otherwise every field must match. Pure and immutable: time comes
/// in as a local date and time, which the caller takes from its clock and time zone (uWSGI uses
/// <c>localtime()</c>).
/// </summary>
/// <param name="Minute">0..59, or -1 (any) down to -60 (every N minutes).</param>
/// <param name="Hour">0..23, or -1 down to -24.</param>
/// <param name="Day">Day of the month 1..31, or -1 down to -31.</param>
/// <param name="Month">1..12, or -1 down to -12.</param>
/// <param name="Weekday">0..7 (0 and 7 are Sunday), or -1 down to -7.</param>
public sealed record CronSchedule(int Minute, int Hour, int Day, int Month, int Weekday)
{
    /// <summary>Every minute: all five fields -1.</summary>
    public static CronSchedule EveryMinute { get; } = new(-1, -1, -1, -1, -1);

    // Name, range of exact values, largest step (-N).
    private static readonly (string Name, int Min, int Max, int MaxStep)[] Fields =
    [
        ("minute", 0, 59, 60), ("hour", 0, 23, 24), ("day", 1, 31, 31), ("month", 1, 12, 12), ("weekday", 0, 7, 7),
    ];

    /// <summary>
    /// Splits <c>MINUTE HOUR DAY MONTH WEEKDAY COMMAND</c> as uWSGI's <c>sscanf("%d %d %d %d %d %n")</c> does
    /// (fields separated by any run of white space; the command is the rest after the white space that follows the
    /// fifth field), and checks the ranges uWSGI leaves unchecked: a value outside a field's range, or a step
    /// beyond it, could never (or only once) match, and is refused rather than silently never run.
    /// </summary>
    /// <param name="text">The cron line, without the legion name.</param>
    /// <param name="schedule">The schedule, when the line is valid.</param>
    /// <param name="command">The command (never empty), when the line is valid.</param>
    /// <param name="problem">What is wrong, when it is not; empty otherwise.</param>
    /// <returns>True when the line is valid.</returns>
    public static bool TryParse(string text, out CronSchedule schedule, out string command, out string problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        schedule = EveryMinute;
        command = "";
        var values = new int[5];
        var rest = text.AsSpan();
        for (var i = 0; i < values.Length; i++)
        {
            rest = rest.TrimStart();
            var end = 0;
            while (end < rest.Length && !char.IsWhiteSpace(rest[end]))
            {
                end++;
            }

            var token = rest[..end];
            var (name, min, max, maxStep) = Fields[i];
            if (token.IsEmpty)
            {
                problem = $"the {name} field is missing (expected MINUTE HOUR DAY MONTH WEEKDAY COMMAND)";
                return false;
            }

            if (!int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                problem = $"the {name} field '{token}' is not a whole number";
                return false;
            }

            if (value > max || (value >= 0 && value < min) || value < -maxStep)
            {
                problem = $"the {name} field {value} is out of range: {min}..{max}, -1 for any, or -N (every N) with N up to {maxStep}";
                return false;
            }

            values[i] = value;
            rest = rest[end..];
        }

        command = rest.TrimStart().ToString();
        if (command.Length == 0)
        {
            problem = "the command is missing after the five time fields";
            return false;
        }

        schedule = new CronSchedule(values[0], values[1], values[2], values[3], values[4]);
        problem = "";
        return true;
    }

    /// <summary>True when a task with this schedule runs in the minute of <paramref name="local"/> (seconds are ignored).</summary>
    /// <param name="local">Local date and time.</param>
    public bool Matches(DateTime local)
    {
        var weekday = (int)local.DayOfWeek;
        var minute = FieldMatches(Minute, local.Minute);
        var hour = FieldMatches(Hour, local.Hour);
        var month = FieldMatches(Month, local.Month);
        var day = FieldMatches(Day, local.Day);
        var week = FieldMatches(Weekday == 7 ? 0 : Weekday, weekday);

        // Why not Cronos (0.13.0): it ANDs day-of-month and day-of-week, so the OR below has no Cronos form. uWSGI's
        // "0 12 13 -1 5" runs every Friday and every 13th; Cronos's "0 12 13 * 5" only on a Friday the 13th, and no
        // single Cronos expression holds the union. Every other case translates exactly: -N as 0/N (minute, hour,
        // weekday) or N/N (day, month; */N would start at 1), minute -60 and hour -24 as 0 (CronScheduleCronosTests).
        return minute && hour && month && (Day >= 0 && Weekday >= 0 ? day || week : day && week);
    }

    /// <summary>The five fields as uWSGI writes them: <c>MINUTE HOUR DAY MONTH WEEKDAY</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Minute} {Hour} {Day} {Month} {Weekday}");

    // uWSGI: a value >= 0 must equal; -N matches when the value is divisible by N (-1: always).
    private static bool FieldMatches(int field, int value) => field >= 0 ? field == value : value % -field == 0;
}
