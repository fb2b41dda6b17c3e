using System.Text.Json.Serialization;

namespace Legion.Host;

/// <summary>
/// The JSON the control endpoint writes, serialized by generated code (System.Text.Json source generation): no
/// reflection at run time, so the native (Native AOT) host serves exactly what the JIT host serves.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(StatusPageData))]
[JsonSerializable(typeof(ControlAnswer))]
internal sealed partial class HostJsonContext : JsonSerializerContext;
