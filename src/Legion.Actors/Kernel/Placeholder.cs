namespace Legion.Actors.Kernel;

/// <summary>Scaffold placeholder; removed once the kernel lands.</summary>
public static class Placeholder
{
}
