namespace Legion.Actors.Configuration;

/// <summary>
/// One uWSGI option exactly as it was written, before any interpretation: <c>legion-node = web 10.0.0.2:2000</c>
/// becomes (<c>legion-node</c>, <c>web 10.0.0.2:2000</c>, <c>app.ini:7</c>). Produced by
/// <see cref="UwsgiCommandLine"/> and <see cref="UwsgiIniFile"/>, consumed by <see cref="UwsgiOptions.Build(UwsgiEntries, LegionConfigurationSettings?)"/>.
/// </summary>
/// <param name="Key">Option name without dashes, case-sensitive as in uWSGI (<c>legion</c>, <c>master</c>).</param>
/// <param name="Value">
/// The value with surrounding white space removed; empty for a flag (<c>--master</c>, or an ini line with no
/// <c>=</c>, which uWSGI 2.0 also reads as an empty value). May hold a secret: never log it whole.
/// </param>
/// <param name="Source">
/// Where it was written: <c>FILE:LINE</c> for ini entries, <c>--KEY (argument N)</c> for command-line ones
/// (N counts the arguments from 1), or a configuration path.
/// </param>
public sealed record UwsgiEntry(string Key, string Value, string Source)
{
    /// <summary>The entry as an ini line, with the secret and IV of <c>legion</c>/<c>legion-mcast</c> masked.</summary>
    public override string ToString() => SecretMask.Entry(Key, Value);
}
