using System.Collections.Immutable;

namespace Legion.Actors.Hosting;

/// <summary>
/// A minimal hot observable (a subject without Rx): every subscriber gets every value published after it
/// subscribed, in publication order per publishing thread. A subscriber's exception is swallowed so it never
/// reaches an actor. Thread-safe.
/// </summary>
internal sealed class Broadcast<T> : IObservable<T>
{
    private ImmutableList<IObserver<T>> _observers = [];
    private bool _completed;

    public IDisposable Subscribe(IObserver<T> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        if (Volatile.Read(ref _completed))
        {
            observer.OnCompleted();
            return Unsubscriber.None;
        }
        ImmutableInterlocked.Update(ref _observers, list => list.Add(observer));
        return new Unsubscriber(() => ImmutableInterlocked.Update(ref _observers, list => list.Remove(observer)));
    }

    public void Publish(T value)
    {
        foreach (var observer in Volatile.Read(ref _observers))
        {
            try
            {
                observer.OnNext(value);
            }
            catch (Exception)
            {
                // An observer's bug must not break the legion's actor that publishes.
            }
        }
    }

    public void Complete()
    {
        Volatile.Write(ref _completed, true);
        foreach (var observer in Interlocked.Exchange(ref _observers, []))
        {
            try
            {
                observer.OnCompleted();
            }
            catch (Exception)
            {
                // As in Publish.
            }
        }
    }

    private sealed class Unsubscriber(Action? dispose) : IDisposable
    {
        public static readonly Unsubscriber None = new(null);

        public void Dispose() => Interlocked.Exchange(ref dispose, null)?.Invoke();
    }
}
