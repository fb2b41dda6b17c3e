using FsCheck;
using FsCheck.Fluent;
using Legion.Actors.Model;
using Legion.Actors.Protocol;
using Legion.Fuzz;

namespace Legion.Actors.Tests.Harness;

/// <summary>
/// The fuzzer's hostile datagrams (tools/Legion.Fuzz, the same generator as the million-datagram run) fed in
/// process through the whole receive path a node applies: open (frame, decrypt, decode), then the member table
/// with its cap, then an election round. Nothing throws, every drop has a reason, and the table never passes
/// its cap. FsCheck picks the seeds and kinds; a failure prints the seed, which replays the same datagrams.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class DecoderFuzzTests
{
    private const int Cap = 16;
    private const int DatagramsPerCase = 25;
    private static readonly ILegionCipher Cipher = LegionCipher.Create("aes-128-cbc", "fuzz-s3cret", null);
    private static readonly NodeIdentity Self = new("self", 4242, 100, "00000000-0000-4000-8000-000000000001");
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch.AddSeconds(1_795_000_000);
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<DropReason, long> Reasons = new();

    [Fact]
    public void Twenty_five_thousand_hostile_datagrams_of_every_kind_never_break_the_receive_path()
    {
        var cases = Gen.Zip(ArbMap.Default.GeneratorFor<int>(), Gen.Elements(HostileDatagramGenerator.Kinds.ToArray()));
        Reasons.Clear();
        Prop.ForAll(cases.ToArbitrary(), c => SurvivesBatch(c.Item1, [c.Item2]) && SurvivesBatch(c.Item1, []))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(500));

        const string scenario = "Hostile datagrams through the receive path, in process (FsCheck, CI)";
        ReliabilityResults.Record(scenario, "datagrams", Reasons.Values.Sum().ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (reason, count) in Reasons.OrderBy(r => r.Key.ToString(), StringComparer.Ordinal))
        {
            ReliabilityResults.Record(scenario, reason == DropReason.None ? "opened (then applied to a member table capped at 16)" : $"dropped: {reason}",
                count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void Every_kind_of_hostile_datagram_is_made_and_the_sealed_kinds_reach_the_decoder()
    {
        var reasons = new Dictionary<HostileKind, HashSet<DropReason>>();
        foreach (var kind in HostileDatagramGenerator.Kinds)
        {
            var generator = new HostileDatagramGenerator("fuzz", Cipher, seed: 7, () => Now.ToUnixTimeSeconds());
            reasons[kind] = Enumerable.Range(0, 200).Select(_ =>
            {
                byte[] datagram = generator.Next(kind);
                LegionDatagram.TryOpen(datagram, Cipher, "fuzz", out Announce? _, out var reason);
                return reason == DropReason.Undecodable ? WhatTheKeyHolderSees(datagram) : reason;
            }).ToHashSet();
        }

        Assert.Contains(DropReason.TooShort, reasons[HostileKind.Tiny]);
        Assert.Subset(new HashSet<DropReason> { DropReason.TooShort, DropReason.BadModifier, DropReason.DecryptFailed }, reasons[HostileKind.Tiny]);
        Assert.Equal([DropReason.Oversized], reasons[HostileKind.Oversized]);
        Assert.Equal([DropReason.BadModifier], reasons[HostileKind.WrongModifier]);
        Assert.Equal([DropReason.SizeMismatch], reasons[HostileKind.PktsizeLie]);
        Assert.Equal([DropReason.WrongLegion], reasons[HostileKind.WrongLegion]);
        Assert.Equal([DropReason.None], reasons[HostileKind.UuidFlood]);
        Assert.Equal([DropReason.None], reasons[HostileKind.HugeScroll]);
        Assert.Contains(DropReason.Malformed, reasons[HostileKind.MalformedVars]);
        Assert.Contains(DropReason.DecryptFailed, reasons[HostileKind.BadPadding]);
        Assert.Contains(DropReason.DecryptFailed, reasons[HostileKind.WrongKey]);
        Assert.Contains(DropReason.MissingUuid, reasons[HostileKind.MissingKeys]);
    }

    /// <summary>
    /// Why an <see cref="DropReason.Undecodable"/> datagram failed, as only the holder of the key can tell (a node never
    /// does, see <see cref="DropReason.Undecodable"/>): the check that would have dropped it in uWSGI's order.
    /// </summary>
    private static DropReason WhatTheKeyHolderSees(byte[] datagram)
    {
        if (!Cipher.TryDecrypt(datagram.AsSpan(LegionDatagram.HeaderLength), out var body))
        {
            return DropReason.DecryptFailed;
        }
        if (body.Length != System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(datagram.AsSpan(1)))
        {
            return DropReason.SizeMismatch;
        }
        if (!AnnounceCodec.TryDecode(body, out var announce, out var reason))
        {
            return reason;
        }
        return announce.Legion == "fuzz" ? DropReason.None : DropReason.WrongLegion;
    }

    private static bool SurvivesBatch(int seed, HostileKind[] kinds)
    {
        var generator = new HostileDatagramGenerator("fuzz", Cipher, seed, () => Now.ToUnixTimeSeconds(), kinds);
        var membership = Membership.Empty;
        var election = ElectionState.Initial;
        for (int i = 0; i < DatagramsPerCase; i++)
        {
            var at = new LegionInstant(Now.AddMilliseconds(i), TimeSpan.FromSeconds(100) + TimeSpan.FromMilliseconds(i));
            var datagram = generator.Next(out var kind);
            bool opened = LegionDatagram.TryOpen(datagram, Cipher, "fuzz", out var announce, out var reason);
            Reasons.AddOrUpdate(reason, 1, (_, n) => n + 1);
            if (opened != (reason == DropReason.None) || opened != announce is not null)
            {
                throw new InvalidOperationException($"seed {seed}, datagram {i} ({kind}): opened {opened} but reason {reason}");
            }
            if (announce is null)
            {
                continue;
            }
            membership = membership.Receive(announce, Self, at, TimeSpan.FromSeconds(30), Cap).Membership;
            if (membership.Count > Cap)
            {
                throw new InvalidOperationException($"seed {seed}, datagram {i} ({kind}): {membership.Count} members, over the cap of {Cap}");
            }
            election = Election.Round(election, Self, membership, quorum: 2, at).State;
        }
        return true;
    }
}
