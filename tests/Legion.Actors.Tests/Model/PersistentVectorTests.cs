using Legion.Actors.Model;

namespace Legion.Actors.Tests.Model;

public class PersistentVectorTests
{
    // Sizes at and around the trie's boundaries: one leaf (32), one full level (1,024), two full levels (32,768).
    public static TheoryData<int> Sizes => [0, 1, 31, 32, 33, 64, 65, 1_023, 1_024, 1_025, 2_000, 32_768, 32_769];

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Appending_one_by_one_keeps_every_item_in_order(int count)
    {
        var vector = PersistentVector<int>.Empty;
        for (int i = 0; i < count; i++)
        {
            vector = vector.Add(i);
        }

        Assert.Equal(count, vector.Count);
        Assert.Equal(Enumerable.Range(0, count), vector);
        for (int i = 0; i < count; i++)
        {
            Assert.Equal(i, vector[i]);
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Created_in_bulk_it_reads_as_the_same_items_and_keeps_growing(int count)
    {
        var vector = PersistentVector<int>.Create(Enumerable.Range(0, count));

        Assert.Equal(Enumerable.Range(0, count), vector);
        Assert.Equal(Enumerable.Range(0, count + 40), Enumerable.Range(count, 40).Aggregate(vector, (v, i) => v.Add(i)));
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(32, 31)]
    [InlineData(33, 32)]
    [InlineData(1_025, 0)]
    [InlineData(1_025, 1_024)]
    [InlineData(2_000, 1_500)]
    public void Setting_an_item_changes_only_the_new_vector(int count, int index)
    {
        var before = PersistentVector<int>.Create(Enumerable.Range(0, count));

        var after = before.SetItem(index, -1);

        Assert.Equal(Enumerable.Range(0, count).Select(i => i == index ? -1 : i), after);
        Assert.Equal(Enumerable.Range(0, count), before);
    }

    [Fact]
    public void Appending_to_an_older_version_leaves_the_newer_one_alone()
    {
        var shared = PersistentVector<int>.Create(Enumerable.Range(0, 40));
        var one = shared.Add(100);
        var other = shared.Add(200);

        Assert.Equal(100, one[40]);
        Assert.Equal(200, other[40]);
        Assert.Equal(40, shared.Count);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(33, 0)]
    [InlineData(33, 32)]
    [InlineData(1_025, 1_024)]
    [InlineData(1_025, 500)]
    public void Removing_an_item_keeps_the_others_in_order(int count, int index)
    {
        var vector = PersistentVector<int>.Create(Enumerable.Range(0, count));

        Assert.Equal(Enumerable.Range(0, count).Where(i => i != index), vector.RemoveAt(index));
    }

    [Theory]
    [InlineData(100, 3)]
    [InlineData(1_030, 2)]
    [InlineData(64, 1)]
    public void Removing_by_a_condition_keeps_the_others_in_order(int count, int modulo)
    {
        var vector = PersistentVector<int>.Create(Enumerable.Range(0, count));

        Assert.Equal(Enumerable.Range(0, count).Where(i => i % modulo != 0), vector.RemoveAll(i => i % modulo == 0));
        Assert.Same(vector, vector.RemoveAll(_ => false));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, -1)]
    [InlineData(32, 32)]
    [InlineData(1_025, 1_025)]
    public void An_index_out_of_range_is_refused(int count, int index)
    {
        var vector = PersistentVector<int>.Create(Enumerable.Range(0, count));

        Assert.Throws<ArgumentOutOfRangeException>(() => vector[index]);
        Assert.Throws<ArgumentOutOfRangeException>(() => vector.SetItem(index, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => vector.RemoveAt(index));
    }

    [Fact]
    public void A_random_walk_matches_a_list()
    {
        var random = new Random(11);
        var vector = PersistentVector<int>.Empty;
        var list = new List<int>();
        for (int step = 0; step < 5_000; step++)
        {
            switch (random.Next(10))
            {
                case 0 when list.Count > 0:
                    int removed = random.Next(list.Count);
                    list.RemoveAt(removed);
                    vector = vector.RemoveAt(removed);
                    break;
                case < 5 when list.Count > 0:
                    int set = random.Next(list.Count);
                    list[set] = step;
                    vector = vector.SetItem(set, step);
                    break;
                default:
                    list.Add(step);
                    vector = vector.Add(step);
                    break;
            }
        }

        Assert.Equal(list, vector);
        Assert.Equal(list.Count, vector.Count);
    }
}
