using System.Globalization;

namespace Legion.Actors.Model;

/// <summary>
/// Version fencing (extension): nodes announce an application version in the <c>version</c> key; a node
/// seeing a member with a higher version than its own is outdated. Versions compare by dot-separated
/// parts, numerically where both parts are numbers (so 2.10 &gt; 2.9), else ordinally; a pre-release
/// suffix after <c>-</c> sorts before the release (2.0-rc1 &lt; 2.0). Pure.
/// </summary>
internal static class VersionFence
{
    /// <summary>The announce key carrying the version.</summary>
    public const string VersionKey = "version";

    /// <summary>Compares two versions: negative when <paramref name="a"/> is older, 0 when equal, positive when newer.</summary>
    public static int Compare(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var (coreA, preA) = Split(a);
        var (coreB, preB) = Split(b);
        var partsA = coreA.Split('.');
        var partsB = coreB.Split('.');
        for (int i = 0; i < Math.Max(partsA.Length, partsB.Length); i++)
        {
            string x = i < partsA.Length ? partsA[i] : "0";
            string y = i < partsB.Length ? partsB[i] : "0";
            int order = ulong.TryParse(x, NumberStyles.None, CultureInfo.InvariantCulture, out ulong nx)
                && ulong.TryParse(y, NumberStyles.None, CultureInfo.InvariantCulture, out ulong ny)
                ? nx.CompareTo(ny)
                : string.CompareOrdinal(x, y);
            if (order != 0)
            {
                return order;
            }
        }
        return (preA, preB) switch
        {
            (null, null) => 0,
            (null, _) => 1,
            (_, null) => -1,
            _ => string.CompareOrdinal(preA, preB),
        };
    }

    /// <summary>
    /// The highest version among <paramref name="members"/> that is newer than <paramref name="mine"/>,
    /// or null when none is (or when this node declares no version).
    /// </summary>
    public static string? NewerThanMine(string? mine, IEnumerable<Member> members)
    {
        if (mine is null)
        {
            return null;
        }
        string? newest = null;
        foreach (var member in members)
        {
            if (member.Extensions.TryGetValue(VersionKey, out var theirs) && Compare(theirs, mine) > 0
                && (newest is null || Compare(theirs, newest) > 0))
            {
                newest = theirs;
            }
        }
        return newest;
    }

    private static (string Core, string? PreRelease) Split(string version)
    {
        int dash = version.IndexOf('-');
        return dash < 0 ? (version, null) : (version[..dash], version[(dash + 1)..]);
    }
}
