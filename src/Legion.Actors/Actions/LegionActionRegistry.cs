namespace Legion.Actors.Actions;

/// <summary>
/// The action kinds a node knows, by kind name (case-insensitive): the extension point for new action kinds, as
/// uWSGI 2.0's actions are modular (legion.c, <c>uwsgi_legion_action_register</c>). <see cref="CreateDefault"/> holds
/// <c>cmd</c>, <c>exec</c>, <c>log</c>, <c>signal</c> and <c>alarm</c>; add more with <see cref="Register"/> before the
/// node starts (<see cref="Hosting.LegionNodeOptions.Actions"/>), and pass <see cref="Kinds"/> as
/// <see cref="Configuration.LegionConfigurationSettings.ActionKinds"/> so that configuration accepts the new kinds.
/// Not thread-safe while being filled; read-only afterwards.
/// </summary>
public sealed class LegionActionRegistry
{
    private readonly Dictionary<string, ILegionAction> _actions = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A registry with the built-in kinds: <c>cmd</c>, <c>exec</c>, <c>log</c>, <c>signal</c>, <c>alarm</c>.</summary>
    public static LegionActionRegistry CreateDefault() =>
        new LegionActionRegistry()
            .Register(new ShellCommandAction("cmd"))
            .Register(new ShellCommandAction("exec"))
            .Register(new LogAction())
            .Register(new SignalAction())
            .Register(new AlarmAction());

    /// <summary>The registered kind names, sorted.</summary>
    public IReadOnlyList<string> Kinds => _actions.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>Adds or replaces the action for its kind; returns this registry.</summary>
    /// <exception cref="ArgumentException">The kind is empty or contains <c>:</c> or white space.</exception>
    public LegionActionRegistry Register(ILegionAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (string.IsNullOrEmpty(action.Kind) || action.Kind.Any(c => c == ':' || char.IsWhiteSpace(c)))
        {
            throw new ArgumentException($"action kind '{action.Kind}' must be non-empty, without ':' or white space", nameof(action));
        }
        _actions[action.Kind] = action;
        return this;
    }

    /// <summary>The action for a kind, or null when none is registered.</summary>
    public ILegionAction? Find(string kind) => _actions.GetValueOrDefault(kind);
}
