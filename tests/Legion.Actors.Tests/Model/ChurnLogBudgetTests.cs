using Legion.Actors.Model;

namespace Legion.Actors.Tests.Model;

public sealed class ChurnLogBudgetTests
{
    private static TimeSpan T(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void The_first_lines_of_a_window_are_logged_and_the_rest_only_counted()
    {
        var budget = ChurnLogBudget.Initial;
        var logged = 0;
        for (int i = 0; i < ChurnLogBudget.DefaultPerWindow + 30; i++)
        {
            (budget, bool log, long leftOut) = budget.Take(T(1 + (i * 0.01)));
            logged += log ? 1 : 0;
            Assert.Equal(0, leftOut);
        }

        Assert.Equal(ChurnLogBudget.DefaultPerWindow, logged);
        Assert.Equal(30, budget.Suppressed);
    }

    [Fact]
    public void The_first_line_of_the_next_window_says_how_many_were_left_out()
    {
        var budget = ChurnLogBudget.Initial;
        for (int i = 0; i < ChurnLogBudget.DefaultPerWindow + 7; i++)
        {
            budget = budget.Take(T(1)).Budget;
        }

        // Still inside the window: nothing.
        Assert.False(budget.Take(T(1) + ChurnLogBudget.DefaultWindow - T(0.001)).Log);
        var (next, log, leftOut) = budget.Take(T(1) + ChurnLogBudget.DefaultWindow);

        Assert.True(log);
        Assert.Equal(7, leftOut);
        Assert.Equal(0, next.Suppressed);
        Assert.Equal(1, next.Logged);
    }

    [Fact]
    public void A_quiet_legion_logs_every_line()
    {
        var budget = ChurnLogBudget.Initial;
        for (int i = 0; i < 500; i++)
        {
            (budget, bool log, long leftOut) = budget.Take(T(i));
            Assert.True(log);
            Assert.Equal(0, leftOut);
        }
    }
}
