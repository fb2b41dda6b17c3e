namespace Legion.Actors.Tests;

public class ScaffoldTests
{
    [Fact]
    public void Library_assembly_is_named_Legion_Actors() =>
        Assert.Equal("Legion.Actors", typeof(Legion.Actors.Configuration.LegionOptions).Assembly.GetName().Name);
}
