namespace Legion.Actors.Configuration;

/// <summary>What a <c>legion-version</c> value may look like: 1..64 printable ASCII characters without spaces.</summary>
internal static class VersionFenceSyntax
{
    public static bool IsValid(string version) =>
        version.Length is > 0 and <= 64 && version.All(c => c is > ' ' and < (char)127);
}
