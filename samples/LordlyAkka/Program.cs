// An Akka.NET application that runs a legion in its own ActorSystem (Akka.Hosting): the ReportScheduler actor runs on
// whichever instance is Lord of legion "reports", and every instance follows lord changes on the EventStream.
// Two instances on one machine form one legion:
//   dotnet run -- --name a
//   dotnet run -- --name b --Legion:Legions:0:Address=127.0.0.1:4281 --Legion:Legions:0:Nodes:0=127.0.0.1:4280 --Legion:Legions:0:Valor=50
// Stop the Lord (Ctrl-C, or kill it) and the other instance starts the ReportScheduler within the tolerance (1 s).
using Akka.Actor;
using Akka.Hosting;
using Legion.Actors.Actors;
using Legion.Actors.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
var name = builder.Configuration["name"] ?? Environment.MachineName;
builder.Services.AddAkka($"reports-{name}", akka => akka
    .WithLegion(builder.Configuration.GetSection("Legion"))
    .WithLordOnlyActor<ReportScheduler>("reports", Props.Create(() => new ReportScheduler(name)))
    .WithActors((system, registry) => registry.Register<LordWatcher>(system.ActorOf(Props.Create(() => new LordWatcher(name)), "lord-watcher"))));
using var host = builder.Build();
await host.RunAsync();

/// <summary>Lord-only work: started on the Lord once its lord actions finished, stopped on unlord and shutdown.</summary>
internal sealed class ReportScheduler : ReceiveActor
{
    private readonly string _name;

    public ReportScheduler(string name)
    {
        _name = name;
        Receive<string>(_ => Sender.Tell($"reports are scheduled by {_name}"));
    }

    protected override void PreStart() => Console.WriteLine($"{_name}: ReportScheduler started");

    protected override void PostStop() => Console.WriteLine($"{_name}: ReportScheduler stopped");
}

/// <summary>Follows who is Lord, as an actor follows ClusterEvent.LeaderChanged.</summary>
internal sealed class LordWatcher : ReceiveActor
{
    public LordWatcher(string name) =>
        Receive<LordChanged>(changed => Console.WriteLine(changed.Lord is { } lord
            ? $"{name}: the Lord of {changed.Legion} is now {lord.Name} (valor {lord.Valor}){(changed.IsSelf ? ", this instance" : "")}"
            : $"{name}: legion {changed.Legion} has no Lord"));

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(LordChanged));
}
