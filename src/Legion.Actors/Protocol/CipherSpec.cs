namespace Legion.Actors.Protocol;

/// <summary>One row of <see cref="LegionCipher"/>'s table: an OpenSSL cipher name, its sizes in bytes (as OpenSSL's EVP_CIPHER reports them) and how to build it.</summary>
internal sealed record CipherSpec(string Name, int KeySize, int IvSize, int BlockSize, Func<CipherSpec, byte[], byte[], ILegionCipher> Factory);
