namespace Legion.Actors.Benchmarks.Comparison;

/// <summary>Paths in the repository the benchmark runs from (found by walking up to Legion.Actors.sln).</summary>
public static class Repository
{
    /// <summary>The repository root.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The JIT host built by <c>./build.sh build</c> (Release).</summary>
    public static string JitHost => Path.Combine(Root, "src", "Legion.Host", "bin", "Release", "net10.0", "legion.dll");

    /// <summary>The Native AOT host published by <c>./build.sh native</c>.</summary>
    public static string NativeHost => Path.Combine(Root, "artifacts", "native", "legion");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Legion.Actors.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("Legion.Actors.sln not found above " + AppContext.BaseDirectory);
    }
}
