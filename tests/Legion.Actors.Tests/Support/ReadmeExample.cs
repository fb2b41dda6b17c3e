namespace Legion.Actors.Tests.Support;

/// <summary>A README example kept as a compiled test file: the first C# block under a heading must be that file.</summary>
internal static class ReadmeExample
{
    /// <summary>Asserts that the first C# block after <paramref name="heading"/> in README.md is <paramref name="file"/>
    /// (a path from the repository root) with its namespace <paramref name="testNamespace"/> shown as <paramref name="shownNamespace"/>.</summary>
    public static void AssertShows(string heading, string file, string testNamespace, string shownNamespace)
    {
        var root = RepositoryRoot();
        var readme = File.ReadAllText(Path.Combine(root, "README.md")).ReplaceLineEndings("\n");
        var section = readme.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(section >= 0, $"README.md has no section '{heading}'");
        var start = readme.IndexOf("```csharp\n", section, StringComparison.Ordinal) + "```csharp\n".Length;
        var end = readme.IndexOf("```\n", start, StringComparison.Ordinal);
        var shown = readme[start..end];

        var example = File.ReadAllText(Path.Combine(root, file)).ReplaceLineEndings("\n")
            .Replace($"namespace {testNamespace};", $"namespace {shownNamespace};", StringComparison.Ordinal);

        Assert.Equal(example, shown);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Legion.Actors.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("repository root not found");
    }
}
