namespace Legion.Actors.Tests.Simulation;

/// <summary>The README's partition-test example is the file ReadmePartitionExample.cs, which runs as a test.</summary>
public sealed class ReadmeTests
{
    private const string Heading = "## Testing your own code against partitions";

    [Fact]
    public void The_README_partition_example_is_the_compiled_and_tested_example_file()
    {
        var root = RepositoryRoot();
        var readme = File.ReadAllText(Path.Combine(root, "README.md")).ReplaceLineEndings("\n");
        var section = readme.IndexOf(Heading, StringComparison.Ordinal);
        Assert.True(section >= 0, $"README.md has no section '{Heading}'");
        var start = readme.IndexOf("```csharp\n", section, StringComparison.Ordinal) + "```csharp\n".Length;
        var end = readme.IndexOf("```\n", start, StringComparison.Ordinal);
        var shown = readme[start..end];

        var example = File.ReadAllText(Path.Combine(root, "tests", "Legion.Actors.Tests", "Simulation", "ReadmePartitionExample.cs"))
            .ReplaceLineEndings("\n")
            .Replace("namespace Legion.Actors.Tests.Simulation;", "namespace MyService.Tests;", StringComparison.Ordinal);

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

        throw new InvalidOperationException($"No Legion.Actors.sln above {AppContext.BaseDirectory}");
    }
}
