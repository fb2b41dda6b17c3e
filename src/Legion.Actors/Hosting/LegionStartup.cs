using Legion.Actors.Configuration;

namespace Legion.Actors.Hosting;

/// <summary>What <c>AddLegion</c> validated, for the hosted service that starts the node.</summary>
internal sealed record LegionStartup(LegionOptions Options, IReadOnlyList<string> Warnings, LegionHostingOptions Hosting);
