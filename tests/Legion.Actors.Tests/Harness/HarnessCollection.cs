namespace Legion.Actors.Tests.Harness;

/// <summary>
/// The harness tests run one at a time and not alongside other test classes: each builds a network of real
/// processes and measures times, which two such runs at once on a small machine would only blur.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HarnessCollection
{
    public const string Name = "Reliability harness";
}
