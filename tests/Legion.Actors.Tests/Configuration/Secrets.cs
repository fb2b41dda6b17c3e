namespace Legion.Actors.Tests.Configuration;

/// <summary>Key material used across the configuration tests; no message or warning may ever contain it.</summary>
internal static class Secrets
{
    public const string Secret = "Sup3rS3cr3tK3y";
    public const string Iv = "Iv0fS3cr3ts";

    public static void AssertAbsent(string text)
    {
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Iv, text, StringComparison.Ordinal);
    }
}
