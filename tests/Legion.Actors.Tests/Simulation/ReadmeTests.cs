using Legion.Actors.Tests.Support;

namespace Legion.Actors.Tests.Simulation;

/// <summary>The README's partition-test example is the file ReadmePartitionExample.cs, which runs as a test.</summary>
public sealed class ReadmeTests
{
    private const string Heading = "## Testing your own code against partitions";

    [Fact]
    public void The_README_partition_example_is_the_compiled_and_tested_example_file()
    {
        ReadmeExample.AssertShows(Heading, "tests/Legion.Actors.Tests/Simulation/ReadmePartitionExample.cs", "Legion.Actors.Tests.Simulation", "MyService.Tests");
    }
}
