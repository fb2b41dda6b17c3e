// Embeds a legion node in a console app and does work only while it is the Lord.
// Type "step-down" to hand lordship over for a minute, "quit" to leave the legion.
using Legion.Actors.Hosting;
using Legion.Actors.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddLegion(builder.Configuration.GetSection("Legion"));
builder.Services.AddHostedService<LordOnlyReport>();
using var host = builder.Build();

var legion = host.Services.GetRequiredService<ILegion>();
legion.EventFired += (_, e) =>
{
    if (e.Event == LegionEvent.Lord)
    {
        Console.WriteLine($"I am now the Lord of legion {e.Legion} (valor {e.Self.Valor})");
    }
    else if (e.Event == LegionEvent.Unlord)
    {
        Console.WriteLine($"I am no longer the Lord of legion {e.Legion}");
    }
};

await host.StartAsync();
while (Console.ReadLine() is { } line && line != "quit")
{
    if (line == "step-down")
    {
        var outcome = await legion.StepDownAsync(TimeSpan.FromMinutes(1), force: true);
        Console.WriteLine($"step-down: {outcome.Message}");
    }
}
await host.StopAsync();

/// <summary>Runs only while this node is the Lord: started on lord, cancelled on unlord.</summary>
internal sealed class LordOnlyReport(ILegion legion) : LordOnlyBackgroundService(legion)
{
    protected override async Task ExecuteAsync(CancellationToken lordshipToken)
    {
        Console.WriteLine("lord-only work started");
        try
        {
            await Task.Delay(Timeout.Infinite, lordshipToken);
        }
        finally
        {
            Console.WriteLine("lord-only work stopped");
        }
    }
}
