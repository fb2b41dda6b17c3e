using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Legion.Actors.Hosting;
using Xunit.Abstractions;

namespace Legion.Actors.Tests.Hosting;

public sealed class LegionMetricsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_Legion_meter_reports_lord_changes_members_datagrams_and_the_time_to_elect()
    {
        var measurements = new ConcurrentDictionary<string, double>();
        var gauges = new ConcurrentBag<(string Name, int Value)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == LegionMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => measurements.AddOrUpdate(instrument.Name, value, (_, old) => instrument is Counter<long> ? old + value : value));
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => gauges.Add((instrument.Name, value)));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => measurements[instrument.Name] = value);
        listener.Start();

        var ports = LoopbackLegion.Ports(2);
        var (a, registryA) = await LoopbackLegion.StartAsync(LoopbackLegion.Options("web", ports[0], ports, 90), output, "a");
        var (b, registryB) = await LoopbackLegion.StartAsync(LoopbackLegion.Options("web", ports[1], ports, 50), output, "b");
        try
        {
            await LoopbackLegion.Until(registryA["web"], "a is Lord with b as member", s => s.IsLord && s.Members.Count == 1);
            await Eventually.Until("datagram counters read", _ =>
            {
                listener.RecordObservableInstruments();
                return Task.FromResult(measurements.GetValueOrDefault("legion.datagrams.received"));
            }, n => n > 0, LoopbackLegion.Patience, () => string.Join(", ", measurements));

            Assert.True(measurements["legion.lord.changes"] >= 1);
            Assert.True(measurements.ContainsKey("legion.election.duration"));
            // Two nodes in this process, two meters: one Lord, one not; each sees one member.
            Assert.Contains(("legion.lord", 1), gauges);
            Assert.Contains(("legion.lord", 0), gauges);
            Assert.Contains(("legion.members", 1), gauges);
            Assert.True(measurements["legion.datagrams.sent"] > 0);
        }
        finally
        {
            await a.StopAsync();
            await b.StopAsync();
            registryA.Dispose();
            registryB.Dispose();
        }
    }
}
