using System.Collections;

namespace Legion.Actors.Model;

/// <summary>
/// An immutable list with cheap updates: a 32-way trie (as Clojure's and Scala's vectors), so reading, replacing and
/// appending an item cost O(log₃₂ n) (two levels for a thousand items) and copy only one path of at most 32-slot
/// arrays, where an immutable array copies all n items. Enumeration walks the leaves as arrays (no allocation but
/// the enumerator). Removing items rebuilds the trie (O(n)): the member table removes rarely and updates at every
/// announce. Thread-safe (immutable).
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
internal sealed class PersistentVector<T> : IReadOnlyList<T>
{
    private const int Bits = 5;
    private const int Width = 1 << Bits;
    private const int Mask = Width - 1;

    // Nodes at shift 0 are T[] leaves; above, object[] of children. Every node but the rightmost of its level is full,
    // and arrays are sized to their content, so an append copies the rightmost path (growing it by one slot).
    private readonly object _root;
    private readonly int _shift;

    private PersistentVector(object root, int shift, int count)
    {
        _root = root;
        _shift = shift;
        Count = count;
    }

    /// <summary>The empty vector.</summary>
    public static PersistentVector<T> Empty { get; } = new(Array.Empty<T>(), 0, 0);

    /// <inheritdoc />
    public int Count { get; }

    /// <summary>The item at <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative or not less than <see cref="Count"/>.</exception>
    public T this[int index]
    {
        get
        {
            CheckIndex(index);
            return LeafFor(index)[index & Mask];
        }
    }

    /// <summary>A vector of <paramref name="items"/>, in their order, built bottom-up in O(n).</summary>
    public static PersistentVector<T> Create(IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var all = items as T[] ?? items.ToArray();
        if (all.Length == 0)
        {
            return Empty;
        }
        var level = new List<object>((all.Length + Mask) / Width);
        for (int start = 0; start < all.Length; start += Width)
        {
            level.Add(all.AsSpan(start, Math.Min(Width, all.Length - start)).ToArray());
        }
        int shift = 0;
        while (level.Count > 1)
        {
            var parents = new List<object>((level.Count + Mask) / Width);
            for (int start = 0; start < level.Count; start += Width)
            {
                parents.Add(level.GetRange(start, Math.Min(Width, level.Count - start)).ToArray());
            }
            level = parents;
            shift += Bits;
        }
        return new PersistentVector<T>(level[0], shift, all.Length);
    }

    /// <summary>A vector with <paramref name="item"/> in place of the item at <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative or not less than <see cref="Count"/>.</exception>
    public PersistentVector<T> SetItem(int index, T item)
    {
        CheckIndex(index);
        return new PersistentVector<T>(Replace(_root, _shift, index, item), _shift, Count);
    }

    /// <summary>A vector with <paramref name="item"/> appended.</summary>
    public PersistentVector<T> Add(T item)
    {
        // A full trie (32^(levels) items) grows a level: the old root becomes the left child of a new one.
        if ((long)Count == 1L << (_shift + Bits))
        {
            return new PersistentVector<T>(new object[] { _root, PathTo(_shift, item) }, _shift + Bits, Count + 1);
        }
        return new PersistentVector<T>(Append(_root, _shift, Count, item), _shift, Count + 1);
    }

    /// <summary>A vector without the items that match <paramref name="remove"/> (the others in their order); this one if none matches.</summary>
    public PersistentVector<T> RemoveAll(Func<T, bool> remove)
    {
        ArgumentNullException.ThrowIfNull(remove);
        var kept = new List<T>(Count);
        foreach (var item in this)
        {
            if (!remove(item))
            {
                kept.Add(item);
            }
        }
        return kept.Count == Count ? this : Create(kept);
    }

    /// <summary>A vector without the item at <paramref name="index"/> (rebuilt: O(n)).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative or not less than <see cref="Count"/>.</exception>
    public PersistentVector<T> RemoveAt(int index)
    {
        CheckIndex(index);
        var kept = new T[Count - 1];
        int at = 0, position = 0;
        foreach (var item in this)
        {
            if (position++ != index)
            {
                kept[at++] = item;
            }
        }
        return Create(kept);
    }

    /// <summary>An enumerator over the items in order; a struct, so a <c>foreach</c> on the vector allocates nothing.</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private void CheckIndex(int index)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The vector has {Count} item(s).");
        }
    }

    private T[] LeafFor(int index)
    {
        object node = _root;
        for (int shift = _shift; shift > 0; shift -= Bits)
        {
            node = ((object[])node)[(index >> shift) & Mask];
        }
        return (T[])node;
    }

    private static object Replace(object node, int shift, int index, T item)
    {
        if (shift == 0)
        {
            var leaf = (T[])((T[])node).Clone();
            leaf[index & Mask] = item;
            return leaf;
        }
        var children = (object[])((object[])node).Clone();
        int slot = (index >> shift) & Mask;
        children[slot] = Replace(children[slot], shift - Bits, index, item);
        return children;
    }

    private static object Append(object node, int shift, int index, T item)
    {
        if (shift == 0)
        {
            var leaf = (T[])node;
            var grown = new T[leaf.Length + 1];
            leaf.CopyTo(grown, 0);
            grown[^1] = item;
            return grown;
        }
        var children = (object[])node;
        int slot = (index >> shift) & Mask;
        if (slot == children.Length)
        {
            var grown = new object[children.Length + 1];
            children.CopyTo(grown, 0);
            grown[^1] = PathTo(shift - Bits, item);
            return grown;
        }
        var copy = (object[])children.Clone();
        copy[slot] = Append(children[slot], shift - Bits, index, item);
        return copy;
    }

    private static object PathTo(int shift, T item) => shift == 0 ? new T[] { item } : new object[] { PathTo(shift - Bits, item) };

    /// <summary>Walks the leaves in order, descending the trie once per 32 items.</summary>
    public struct Enumerator : IEnumerator<T>
    {
        private readonly PersistentVector<T> _vector;
        private T[] _leaf;
        private int _index;

        internal Enumerator(PersistentVector<T> vector)
        {
            _vector = vector;
            _leaf = [];
            _index = -1;
            Current = default!;
        }

        /// <inheritdoc />
        public T Current { get; private set; }

        readonly object? IEnumerator.Current => Current;

        /// <inheritdoc />
        public bool MoveNext()
        {
            if (_index + 1 >= _vector.Count)
            {
                _index = _vector.Count;
                return false;
            }
            _index++;
            if ((_index & Mask) == 0)
            {
                _leaf = _vector.LeafFor(_index);
            }
            Current = _leaf[_index & Mask];
            return true;
        }

        /// <inheritdoc />
        public void Reset()
        {
            _index = -1;
            _leaf = [];
            Current = default!;
        }

        /// <inheritdoc />
        public readonly void Dispose()
        {
        }
    }
}
