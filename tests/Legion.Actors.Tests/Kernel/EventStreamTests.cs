using Legion.Actors.Kernel;
using Legion.Actors.Kernel.TestKit;

namespace Legion.Actors.Tests.Kernel;

public sealed class EventStreamTests : TestKit
{
    [Fact]
    public void A_subscriber_to_a_base_type_receives_every_subtype_and_nothing_else()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(Animal));

        Sys.EventStream.Publish(new Dog("rex"));
        Sys.EventStream.Publish("not an animal");
        Sys.EventStream.Publish(new Cat("tom"));

        Assert.Equal(new Dog("rex"), ExpectMsg<Dog>());
        Assert.Equal(new Cat("tom"), ExpectMsg<Cat>());
        ExpectNoMsg(TimeSpan.FromSeconds(1));
    }

    [Theory]
    [InlineData(typeof(Animal), typeof(Dog), true)]
    [InlineData(typeof(Dog), typeof(Dog), true)]
    [InlineData(typeof(Cat), typeof(Dog), false)]
    [InlineData(typeof(Dog), typeof(Animal), false)]
    public void A_publisher_can_ask_whether_a_message_type_has_subscribers(Type subscribed, Type published, bool expected)
    {
        Assert.False(Sys.EventStream.HasSubscribers(published));
        using var handler = Sys.EventStream.Subscribe<Dog>(_ => { });
        Assert.Equal(published == typeof(Dog), Sys.EventStream.HasSubscribers(published));
        Sys.EventStream.Subscribe(TestActor, subscribed);

        Assert.Equal(expected || published == typeof(Dog), Sys.EventStream.HasSubscribers(published));
        Sys.EventStream.Unsubscribe(TestActor);
        handler.Dispose();
        Assert.False(Sys.EventStream.HasSubscribers(published));
    }

    [Fact]
    public void Subscribing_twice_to_a_channel_is_reported_and_delivers_once()
    {
        Assert.True(Sys.EventStream.Subscribe(TestActor, typeof(Dog)));
        Assert.False(Sys.EventStream.Subscribe(TestActor, typeof(Dog)));

        Sys.EventStream.Publish(new Dog("rex"));

        ExpectMsg<Dog>();
        ExpectNoMsg(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Unsubscribe_from_one_channel_keeps_the_others()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(Dog));
        Sys.EventStream.Subscribe(TestActor, typeof(Cat));

        Assert.True(Sys.EventStream.Unsubscribe(TestActor, typeof(Dog)));
        Assert.False(Sys.EventStream.Unsubscribe(TestActor, typeof(Dog)));
        Sys.EventStream.Publish(new Dog("rex"));
        Sys.EventStream.Publish(new Cat("tom"));

        ExpectMsg<Cat>();
        ExpectNoMsg(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Unsubscribe_from_everything()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(Dog));
        Sys.EventStream.Subscribe(TestActor, typeof(Cat));

        Assert.True(Sys.EventStream.Unsubscribe(TestActor));
        Sys.EventStream.Publish(new Dog("rex"));
        Sys.EventStream.Publish(new Cat("tom"));

        ExpectNoMsg(TimeSpan.FromSeconds(1));
        Assert.False(Sys.EventStream.Unsubscribe(TestActor));
    }

    [Fact]
    public void A_handler_subscription_runs_synchronously_on_publish_until_disposed()
    {
        var seen = new List<Animal>();
        var subscription = Sys.EventStream.Subscribe<Animal>(seen.Add);

        Sys.EventStream.Publish(new Dog("rex"));
        Assert.Equal([new Dog("rex")], seen);

        subscription.Dispose();
        Sys.EventStream.Publish(new Cat("tom"));
        Assert.Single(seen);
    }

    [Fact]
    public void A_throwing_handler_does_not_stop_delivery_to_other_subscribers()
    {
        var seen = new List<Dog>();
        using var bad = Sys.EventStream.Subscribe<Dog>(_ => throw new InvalidOperationException("bad handler"));
        using var good = Sys.EventStream.Subscribe<Dog>(seen.Add);

        Sys.EventStream.Publish(new Dog("rex"));

        Assert.Single(seen);
    }

    [Fact]
    public void A_stopped_subscriber_is_unsubscribed_so_events_do_not_become_dead_letters()
    {
        var subscriber = CreateTestProbe();
        Sys.EventStream.Subscribe(subscriber.Ref, typeof(Dog));
        Sys.EventStream.Subscribe(TestActor, typeof(DeadLetter));
        Sys.Stop(subscriber.Ref);
        RunUntilIdle();

        Sys.EventStream.Publish(new Dog("rex"));

        ExpectNoMsg(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void A_dead_subscriber_to_dead_letters_does_not_loop()
    {
        var subscriber = CreateTestProbe();
        Sys.EventStream.Subscribe(subscriber.Ref, typeof(DeadLetter));
        Sys.EventStream.Subscribe(TestActor, typeof(DeadLetter));

        Sys.DeadLetters.Tell("nowhere");

        Assert.Equal("nowhere", ExpectMsg<DeadLetter>().Message);
        ExpectNoMsg(TimeSpan.FromSeconds(1));
    }

    private abstract record Animal(string Name);

    private sealed record Dog(string Name) : Animal(Name);

    private sealed record Cat(string Name) : Animal(Name);
}
