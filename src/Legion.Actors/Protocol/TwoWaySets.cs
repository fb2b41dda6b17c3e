namespace Legion.Actors.Protocol;

/// <summary>
/// Slot arithmetic of the two-way set-associative tables (<see cref="RecentStrings"/>, <see cref="RecentScrolls"/>):
/// a table of a power-of-two capacity of at least 2 holds capacity / 2 sets, each the slot pair (2k, 2k + 1); a table of
/// capacity 1 is one set of one slot.
/// </summary>
internal static class TwoWaySets
{
    /// <summary>The first slot of the set that <paramref name="hash"/> selects in a table of <paramref name="capacity"/> slots.</summary>
    public static int First(int hash, int capacity) => capacity < 2 ? 0 : hash & (capacity - 2);

    /// <summary>True when sets have a second slot (capacity of at least 2).</summary>
    public static bool HasSecond(int capacity) => capacity >= 2;
}
