using System.Text.Json.Serialization;

namespace Legion.Host;

/// <summary>
/// A control endpoint answer: <c>{legion, accepted, message}</c>, plus the node's <c>valor</c> and <c>uuid</c> after a
/// request was carried out or refused by the node (absent when the request never reached it: 400, 404, 503).
/// </summary>
internal sealed record ControlAnswer(
    string Legion,
    bool Accepted,
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ulong? Valor = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Uuid = null);
