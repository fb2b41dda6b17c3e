namespace Legion.Fuzz;

/// <summary>Entry point of <c>legion-fuzz</c>: see <see cref="FuzzSettings.Usage"/>.</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        if (args is ["--help"] or ["-h"])
        {
            Console.Out.Write(FuzzSettings.Usage);
            return 0;
        }

        FuzzSettings settings;
        try
        {
            settings = FuzzSettings.Parse(args);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"legion-fuzz: {ex.Message}\n\n{FuzzSettings.Usage}").ConfigureAwait(false);
            return 2;
        }

        var outcome = await FuzzRun.RunAsync(settings, Console.Out).ConfigureAwait(false);
        return outcome.Violations.Count == 0 ? 0 : 1;
    }
}
