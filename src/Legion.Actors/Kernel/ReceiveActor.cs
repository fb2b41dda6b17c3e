namespace Legion.Actors.Kernel;

/// <summary>
/// An actor whose constructor declares its protocol, one <c>Receive&lt;T&gt;</c> per message type (as Akka.NET's
/// <c>ReceiveActor</c>). A message goes to the first registration, in registration order, whose type (and
/// predicate) matches; none matching means <c>Unhandled</c>. Handlers are synchronous; async work ends with
/// <see cref="PipeToSupport"/>.
/// </summary>
public abstract class ReceiveActor : ActorBase
{
    private List<Func<object, bool>> handlers = [];
    private List<Func<object, bool>>? registering;

    /// <summary>Starts the registration of the initial handlers (the derived constructor's body).</summary>
    protected ReceiveActor() => registering = handlers;

    /// <summary>Handles messages of type <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The message type; subtypes match too.</typeparam>
    /// <param name="handler">The handler.</param>
    /// <exception cref="InvalidOperationException">Called outside the constructor or <see cref="Become"/>.</exception>
    protected void Receive<T>(Action<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Register(message =>
        {
            if (message is not T typed)
            {
                return false;
            }

            handler(typed);
            return true;
        });
    }

    /// <summary>Handles messages of type <typeparamref name="T"/> for which <paramref name="shouldHandle"/> is true.</summary>
    /// <typeparam name="T">The message type; subtypes match too.</typeparam>
    /// <param name="shouldHandle">Filter; a message it rejects tries the next registration.</param>
    /// <param name="handler">The handler.</param>
    /// <exception cref="InvalidOperationException">Called outside the constructor or <see cref="Become"/>.</exception>
    protected void Receive<T>(Predicate<T> shouldHandle, Action<T> handler)
    {
        ArgumentNullException.ThrowIfNull(shouldHandle);
        ArgumentNullException.ThrowIfNull(handler);
        Register(message =>
        {
            if (message is not T typed || !shouldHandle(typed))
            {
                return false;
            }

            handler(typed);
            return true;
        });
    }

    /// <summary>Handles every message that reaches it; register it last.</summary>
    /// <param name="handler">The handler.</param>
    /// <exception cref="InvalidOperationException">Called outside the constructor or <see cref="Become"/>.</exception>
    protected void ReceiveAny(Action<object> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Register(message =>
        {
            handler(message);
            return true;
        });
    }

    /// <summary>
    /// Replaces all handlers with the ones <paramref name="configure"/> registers, from the next message on
    /// (as Akka.NET's <c>Become</c>; there is no behaviour stack).
    /// </summary>
    /// <param name="configure">Calls <c>Receive</c> methods.</param>
    protected void Become(Action configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var next = new List<Func<object, bool>>();
        registering = next;
        try
        {
            configure();
        }
        finally
        {
            registering = null;
        }

        handlers = next;
    }

    /// <summary>Dispatches to the first matching registration.</summary>
    /// <param name="message">The message.</param>
    /// <returns>False if no registration matched.</returns>
    protected sealed override bool Receive(object message)
    {
        foreach (var handler in handlers)
        {
            if (handler(message))
            {
                return true;
            }
        }

        return false;
    }

    internal override void Constructed() => registering = null;

    private void Register(Func<object, bool> handler)
    {
        if (registering is null)
        {
            throw new InvalidOperationException("Receive can only be called in the constructor or inside Become.");
        }

        registering.Add(handler);
    }
}
