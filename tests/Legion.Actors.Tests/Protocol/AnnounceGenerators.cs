using FsCheck;
using FsCheck.Fluent;
using Legion.Actors.Protocol;

namespace Legion.Actors.Tests.Protocol;

/// <summary>FsCheck generators for announces whose every field uWSGI can carry exactly.</summary>
internal static class AnnounceGenerators
{
    // No lone surrogates: they cannot survive UTF-8, and no real host or legion name holds one.
    private static readonly char[] TextChars = "abcxyzABC019 -_.:/\0\u00e9\u00ff\u96f7".ToCharArray();

    public static Gen<string> Text(int minLength) =>
        Gen.ArrayOf(Gen.Elements(TextChars)).Where(chars => chars.Length >= minLength).Select(chars => new string(chars));

    /// <summary>Unsigned values uWSGI reads back exactly: fewer than 20 digits.</summary>
    public static Gen<ulong> Unsigned() =>
        Gen.OneOf(
            ArbMap.Default.GeneratorFor<ulong>().Select(v => v % 10_000_000_000_000_000_000UL),
            Gen.Elements(0UL, 1UL, 65535UL, (ulong)long.MaxValue, 9_999_999_999_999_999_999UL));

    /// <summary>Non-negative signed values (uWSGI cannot read a sign back).</summary>
    public static Gen<long> NonNegative() =>
        Gen.OneOf(ArbMap.Default.GeneratorFor<long>().Select(v => v & long.MaxValue), Gen.Elements(0L, long.MaxValue));

    public static Gen<string> Uuid() =>
        Gen.OneOf(
            Gen.Fresh(() => Guid.NewGuid().ToString()),
            Gen.ArrayOf(Gen.Choose(1, 255).Select(c => (char)c), 36).Select(chars => new string(chars)));

    public static Gen<Dictionary<string, string>> Extensions() =>
        Gen.ListOf(Gen.Zip(Text(0).Select(k => "x-" + k), Text(0)), 3)
            .Select(pairs => pairs.DistinctBy(p => p.Item1).ToDictionary(p => p.Item1, p => p.Item2));

    public static Gen<Announce> Announce() =>
        from legion in Text(0)
        from valor in Unsigned()
        from unix in NonNegative()
        from lord in NonNegative()
        from name in Text(1)
        from pid in NonNegative()
        from uuid in Uuid()
        from checksum in Unsigned()
        from lordValor in Unsigned()
        from lordUuid in Gen.OneOf(Gen.Constant<string?>(null), Uuid().Select(u => (string?)u))
        from scroll in Gen.OneOf(Gen.Constant<byte[]?>(null), ArbMap.Default.GeneratorFor<byte[]>().Select(b => (byte[]?)b))
        from dead in ArbMap.Default.GeneratorFor<bool>()
        from extensions in Extensions()
        select new Announce
        {
            Legion = legion,
            Valor = valor,
            Unix = unix,
            Lord = lord,
            Name = name,
            Pid = pid,
            Uuid = uuid,
            Checksum = checksum,
            LordValor = lordValor,
            LordUuid = lordUuid,
            Scroll = scroll,
            Dead = dead,
            Extensions = extensions,
        };
}
