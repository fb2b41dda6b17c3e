using Akka.Actor;
using Akka.Hosting;
using Legion.Actors.Actors;
using Legion.Actors.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Legion.Actors.Tests.Hosting;

/// <summary>Runs on the instance that is Lord of "web" only: started once its lord actions finished, stopped on unlord.</summary>
public sealed class ReportScheduler : ReceiveActor
{
    public ReportScheduler() => Receive<string>(_ => Sender.Tell($"reporting from {Context.System.Name}"));
}

/// <summary>Any actor can follow the legions: LordChanged and LegionEventFired are published on the EventStream.</summary>
public sealed class LordWatcher : ReceiveActor
{
    public LordWatcher(IActorRef listener) => Receive<LordChanged>(changed => listener.Tell(changed));

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(LordChanged));
}

public static class EmbeddedLegion
{
    /// <summary>An application whose ActorSystem runs the legions of its "Legion" configuration section.</summary>
    public static IHost Build(HostApplicationBuilder builder, IActorRef listener)
    {
        builder.Services.AddAkka("app", akka => akka
            .WithLegion(builder.Configuration.GetSection("Legion"))
            .WithLordOnlyActor<ReportScheduler>("web", Props.Create<ReportScheduler>())
            .WithActors((system, registry) => registry.Register<LordWatcher>(
                system.ActorOf(Props.Create(() => new LordWatcher(listener)), "lord-watcher"))));
        return builder.Build();
    }

    /// <summary>Asks the lord-only actor; it answers on the Lord, and goes to dead letters elsewhere.</summary>
    public static async Task<string> AskReportAsync(IServiceProvider services)
    {
        var scheduler = await services.GetRequiredService<IRequiredActor<ReportScheduler>>().GetAsync();
        return await scheduler.Ask<string>("status", TimeSpan.FromSeconds(5));
    }
}
