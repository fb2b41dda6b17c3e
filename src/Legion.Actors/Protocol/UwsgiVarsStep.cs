namespace Legion.Actors.Protocol;

/// <summary>What <see cref="UwsgiVarsReader.Next"/> found.</summary>
internal enum UwsgiVarsStep
{
    /// <summary>A key/value pair.</summary>
    Pair,

    /// <summary>The body ended cleanly after the last pair.</summary>
    End,

    /// <summary>The body is not a valid vars encoding.</summary>
    Malformed,
}
