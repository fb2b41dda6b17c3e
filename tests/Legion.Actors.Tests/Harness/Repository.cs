namespace Legion.Actors.Tests.Harness;

/// <summary>Files of the repository the tests run from (examples, configs).</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string File(string relative) => Path.Combine(Root, relative);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !System.IO.File.Exists(Path.Combine(dir.FullName, "Legion.Actors.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("repository root (Legion.Actors.sln) not found above " + AppContext.BaseDirectory);
    }
}
