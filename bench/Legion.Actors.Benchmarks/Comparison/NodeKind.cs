namespace Legion.Actors.Benchmarks.Comparison;

/// <summary>Which implementation a benchmark node runs.</summary>
public enum NodeKind
{
    /// <summary>Real uWSGI 2.0 (<c>uwsgi</c> from Debian's uwsgi-core), master process, no app.</summary>
    Uwsgi,

    /// <summary>Our <c>legion</c> host on the .NET runtime (<c>dotnet legion.dll</c>).</summary>
    LegionJit,

    /// <summary>Our <c>legion</c> host published with Native AOT (<c>artifacts/native/legion</c>).</summary>
    LegionNative,
}
