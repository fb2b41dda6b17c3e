using System.Text;
using Legion.Actors.Protocol;

namespace Legion.Actors.Tests.Protocol;

public class LegionCipherTests
{
    // Known answers computed on this machine with OpenSSL 3.0.19, e.g.
    //   printf '%s' 'legion known answer' | openssl enc -aes-128-cbc -K 73336372657400000000000000000000 -iv 30303030303030303030303030303030 | xxd -p
    // (bf-cbc and cast5-cbc need the legacy provider: OPENSSL_CONF activating default and legacy). The -K and -iv values are uWSGI's padding of
    // the secret "s3cret" (0x00 to the key length) and of the IV token (ASCII '0' to the IV length).
    private const string Text19 = "legion known answer";
    private const string Text16 = "0123456789abcdef";
    private const string LongSecret = "a-secret-that-is-much-longer-than-any-key-length";

    public static TheoryData<string, string, string?, string, string> KnownAnswers => new()
    {
        // cipher, secret, IV token, plaintext, ciphertext (hex)
        { "aes-128-cbc", "s3cret", null, Text19, "5b3cc0b9dfaa39bb1e9e5c967355f915e3d526ddd736c10b1173e9d9d36b831a" },
        { "aes-128-cbc", "s3cret", null, Text16, "8f2c28ac60846409febe6e3809389de6ee7713ca0c7dd1dc80b5652ecc557199" },
        { "aes-128-cbc", "s3cret", "my-iv", Text19, "97bc591bd96a63dd5771574231f9422994d857e9a7fe464c2e88eb50218415a6" },
        { "aes-128-cbc", LongSecret, null, Text19, "713a48cf549b04666a123f41b8d06f0b4e93ecf0938bee9089661397dd25b1e9" },
        { "aes-128-cbc", "s3cret", null, "", "a020a03a44f22f969724d8534db16db4" },
        { "aes-192-cbc", "s3cret", null, Text19, "2302cad7939bfc7d7c7e3e797762ff2b17bcbf850b56d6a1c6363471a584755d" },
        { "aes-192-cbc", "s3cret", null, Text16, "292399078096e9fbad8bb2c5836bdf3830e525c27ec919a3c3fc4173e7ca00ad" },
        { "aes-192-cbc", "s3cret", "my-iv", Text19, "bdd7719ffc532ac00e3b73c70ea16aca3c6b10f519a09b55042c9bbb2c86cc68" },
        { "aes-192-cbc", LongSecret, null, Text19, "71c028bd4a1e7471c89e8f85b933738d6927e8b8110300097233ed008cd6a6be" },
        { "aes-192-cbc", "s3cret", null, "", "a9b1e7f94a4266182b700a71080dcf0b" },
        { "aes-256-cbc", "s3cret", null, Text19, "09189daeab9f5c95f3e643b67a7e83e50dfd32947f658ce1eab8da409a1e5c30" },
        { "aes-256-cbc", "s3cret", null, Text16, "c6b0b8f9e5f05c40018d70faefc009390d750cabe27e549c9d573d1fdbbf3c56" },
        { "aes-256-cbc", "s3cret", "my-iv", Text19, "da901cd1fd64ea248534012de51d6b1ddd85a676d5bb47e40291870e6f7755ef" },
        { "aes-256-cbc", LongSecret, null, Text19, "a46674f9ea5cca437a14835854aab2508d3ab8d5e7967c6feb3651c7a97ab85a" },
        { "aes-256-cbc", "s3cret", null, "", "89b849510aebc270f3d0db253fff3481" },
        { "bf-cbc", "s3cret", null, Text19, "9deef4a198416279636deec3fcd74148e589fea3c1f1521c" },
        { "bf-cbc", "s3cret", null, Text16, "ca89231e37cf2227dada7c5037d9bc29c1b53d346b4b4581" },
        { "bf-cbc", "s3cret", "my-iv", Text19, "5593f0badf0f0821bb34c80884b3c760727ee53bc5893db4" },
        { "bf-cbc", LongSecret, null, Text19, "debe4402985ea24e80ca029bd92f74c62953007f40e48816" },
        { "bf-cbc", "s3cret", null, "", "b63ad5e882059666" },
        { "des-ede3-cbc", "s3cret", null, Text19, "3e3bb3ca1b68aa6d453a91e24618ec23c30a7a8ca731a5af" },
        { "des-ede3-cbc", "s3cret", null, Text16, "77aa973a1286480c17527d0ae065b5716015e5af9b52f0e1" },
        { "des-ede3-cbc", "s3cret", "my-iv", Text19, "2059a0aed9abda4b770ea5b9c28000f9e487415d49941b8b" },
        { "des-ede3-cbc", LongSecret, null, Text19, "fc0a503c1ca28de8005819153aa4709c2060c029e771f3ac" },
        { "des-ede3-cbc", "s3cret", null, "", "66e774aa2d03a29c" },
        { "camellia-128-cbc", "s3cret", null, Text19, "20b291a1c1cc84ccf99090ddcc68fbbaafaca450d4030653bb24cc87584f9d8f" },
        { "camellia-128-cbc", "s3cret", null, Text16, "e0bbea888f8b6abddc580aad15fd1e3e1e804cc25038ad5c147ceecbf5ee02b3" },
        { "camellia-128-cbc", "s3cret", "my-iv", Text19, "35d7f2a8f687395abe2e37174134fdb5abfbda8514f1304e5b73979ffb159b0a" },
        { "camellia-128-cbc", LongSecret, null, Text19, "b32dd4b1e0ba669d6a815170fbeec558ec04417418d1e580d5803265b9e0beb8" },
        { "camellia-128-cbc", "s3cret", null, "", "17e4943c2619779085f4a24e748be1bc" },
        { "camellia-192-cbc", "s3cret", null, Text19, "b97a4b0474f6d8c7f1fed113d8277ce8f14d109bed408fb4ba0357255463d7a2" },
        { "camellia-192-cbc", "s3cret", null, Text16, "d57e341890541a7902010b16c94aaad406a85766bb34683bb903b92a82d00960" },
        { "camellia-192-cbc", "s3cret", "my-iv", Text19, "cc9fd29cf8ed1066e2b5af5bf3c600ce8f22aac76d124f7553fe1a683c0ed2fd" },
        { "camellia-192-cbc", LongSecret, null, Text19, "200d82500acac00f2fa942227d27190948bba36e97b82addb7a8082e35505381" },
        { "camellia-192-cbc", "s3cret", null, "", "f986ab5dbc55f57a55b675dba31cf7a8" },
        { "camellia-256-cbc", "s3cret", null, Text19, "c9b436cd0a579e520669f6c569604efdca914f7123f92ee9be89728b121f0edb" },
        { "camellia-256-cbc", "s3cret", null, Text16, "3a6c781898b893fda83146675ffd347f0b0bff9de39157e611e4cfa1daa2ece4" },
        { "camellia-256-cbc", "s3cret", "my-iv", Text19, "d4c7225aedc6509835de5caaaef98d2352575e0224e01c35d2ede3eabbfd112e" },
        { "camellia-256-cbc", LongSecret, null, Text19, "f124e73f4d801e746e93e9c9887bb57a07802c10eb78f5fb778db718d903fead" },
        { "camellia-256-cbc", "s3cret", null, "", "2c5ca6e119e593de1ad82f3074d6b3b9" },
        { "cast5-cbc", "s3cret", null, Text19, "8f1b41025cdddf9e6a1b3c572318c1e9c51472d6cf9f595f" },
        { "cast5-cbc", "s3cret", null, Text16, "60b06bbb5b7c770964722a32314f547e7ab0bc61a2a17fe1" },
        { "cast5-cbc", "s3cret", "my-iv", Text19, "6291ed7d353ac041e8149ad22f00e2aa8c24941c196e7f5b" },
        { "cast5-cbc", LongSecret, null, Text19, "9bccb936280caa11f0403006a268dfe4c3c758a1a68b87ef" },
        { "cast5-cbc", "s3cret", null, "", "335c4d32029b6ace" },
    };

    [Theory]
    [MemberData(nameof(KnownAnswers))]
    public void Encryption_matches_OpenSSL_with_uWSGI_key_and_IV_padding(string name, string secret, string? iv, string plaintext, string ciphertextHex)
    {
        var cipher = LegionCipher.Create(name, secret, iv);

        Assert.Equal(ciphertextHex, Convert.ToHexStringLower(cipher.Encrypt(Encoding.ASCII.GetBytes(plaintext))));
    }

    [Theory]
    [MemberData(nameof(KnownAnswers))]
    public void Decryption_of_OpenSSL_output_gives_back_the_plaintext(string name, string secret, string? iv, string plaintext, string ciphertextHex)
    {
        var cipher = LegionCipher.Create(name, secret, iv);

        Assert.True(cipher.TryDecrypt(Convert.FromHexString(ciphertextHex), out byte[] decrypted));
        Assert.Equal(plaintext, Encoding.ASCII.GetString(decrypted));
    }

    [Theory]
    [InlineData("aes-128-cbc", 16, 16, 16)]
    [InlineData("aes-192-cbc", 24, 16, 16)]
    [InlineData("aes-256-cbc", 32, 16, 16)]
    [InlineData("bf-cbc", 16, 8, 8)]
    [InlineData("des-ede3-cbc", 24, 8, 8)]
    [InlineData("camellia-128-cbc", 16, 16, 16)]
    [InlineData("camellia-192-cbc", 24, 16, 16)]
    [InlineData("camellia-256-cbc", 32, 16, 16)]
    [InlineData("cast5-cbc", 16, 8, 8)]
    public void Each_cipher_has_OpenSSL_sizes(string name, int keySize, int ivSize, int blockSize)
    {
        var cipher = LegionCipher.Create(name, "s3cret", null);

        Assert.Equal((name, keySize, ivSize, blockSize), (cipher.Name, cipher.KeySize, cipher.IvSize, cipher.BlockSize));
    }

    [Fact]
    public void A_short_secret_is_right_padded_with_zero_bytes()
    {
        Assert.Equal("73336372657400000000000000000000", Convert.ToHexStringLower(LegionCipher.DeriveKey("s3cret", 16)));
    }

    [Fact]
    public void A_long_secret_is_cut_to_the_key_length()
    {
        Assert.Equal(Encoding.ASCII.GetBytes(LongSecret[..24]), LegionCipher.DeriveKey(LongSecret, 24));
    }

    [Fact]
    public void A_secret_ends_at_a_NUL_as_uWSGI_C_string_does()
    {
        Assert.Equal(LegionCipher.DeriveKey("ab", 16), LegionCipher.DeriveKey("ab\0cd", 16));
    }

    [Fact]
    public void A_secret_is_taken_as_UTF_8_bytes()
    {
        Assert.Equal("c3a9" + new string('0', 28), Convert.ToHexStringLower(LegionCipher.DeriveKey("é", 16)));
    }

    [Fact]
    public void Without_an_IV_token_the_IV_is_all_ASCII_zeros()
    {
        Assert.Equal("3030303030303030", Convert.ToHexStringLower(LegionCipher.DeriveIv(null, 8)));
        Assert.Equal("3030303030303030", Convert.ToHexStringLower(LegionCipher.DeriveIv("", 8)));
    }

    [Fact]
    public void A_short_IV_token_is_right_padded_with_ASCII_zeros()
    {
        Assert.Equal("6d792d6976303030", Convert.ToHexStringLower(LegionCipher.DeriveIv("my-iv", 8)));
    }

    [Fact]
    public void A_long_IV_token_is_cut_to_the_IV_length()
    {
        Assert.Equal(Encoding.ASCII.GetBytes("0123456789abcdef"), LegionCipher.DeriveIv("0123456789abcdefXYZ", 16));
    }

    [Fact]
    public void Cipher_names_are_case_insensitive_and_reported_in_lowercase()
    {
        Assert.Equal("aes-256-cbc", LegionCipher.Create("AES-256-CBC", "s3cret", null).Name);
    }

    [Fact]
    public void An_unknown_cipher_is_refused_with_the_supported_names_and_without_the_secret()
    {
        var error = Assert.Throws<ArgumentException>(() => LegionCipher.Create("des-cbc", "TopSecretValue", "TopSecretIv"));

        Assert.Equal("name", error.ParamName);
        foreach (string supported in CipherSuites.Supported)
        {
            Assert.Contains(supported, error.Message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("TopSecret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_whole_cipher_and_secret_token_passed_as_the_name_is_not_echoed()
    {
        var error = Assert.Throws<ArgumentException>(() => LegionCipher.Create("aes-128-cbc:TopSecretValue", "x", null));

        Assert.DoesNotContain("TopSecret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Supported_cipher_suites_are_exactly_the_ones_that_can_be_created()
    {
        Assert.Equal(
            ["aes-128-cbc", "aes-192-cbc", "aes-256-cbc", "bf-cbc", "des-ede3-cbc", "camellia-128-cbc", "camellia-192-cbc", "camellia-256-cbc", "cast5-cbc"],
            CipherSuites.UwsgiCompatible);
        Assert.Equal([.. CipherSuites.UwsgiCompatible, "aes-256-gcm", "chacha20-poly1305"], CipherSuites.Supported);
        Assert.All(CipherSuites.UwsgiCompatible, name => Assert.Equal(name, LegionCipher.Create(name, "s", null).Name));
        Assert.All(CipherSuites.Supported, name => Assert.Equal(name, LegionCipher.Create(name, "s", null, "web").Name));
        Assert.True(CipherSuites.IsSupported("BF-CBC"));
        Assert.False(CipherSuites.IsSupported("des-cbc"));
    }

    [Theory]
    [InlineData("aes-128-cbc")]
    [InlineData("aes-192-cbc")]
    [InlineData("aes-256-cbc")]
    [InlineData("bf-cbc")]
    [InlineData("des-ede3-cbc")]
    [InlineData("camellia-128-cbc")]
    [InlineData("camellia-192-cbc")]
    [InlineData("camellia-256-cbc")]
    [InlineData("cast5-cbc")]
    public void Ciphertext_is_the_plaintext_rounded_up_to_the_next_whole_block(string name)
    {
        var cipher = LegionCipher.Create(name, "s3cret", null);

        for (int length = 0; length <= 3 * cipher.BlockSize; length++)
        {
            int expected = ((length / cipher.BlockSize) + 1) * cipher.BlockSize;
            Assert.Equal(expected, cipher.Encrypt(new byte[length]).Length);
        }
    }

    [Theory]
    [InlineData("aes-128-cbc")]
    [InlineData("aes-192-cbc")]
    [InlineData("aes-256-cbc")]
    [InlineData("bf-cbc")]
    [InlineData("des-ede3-cbc")]
    [InlineData("camellia-128-cbc")]
    [InlineData("camellia-192-cbc")]
    [InlineData("camellia-256-cbc")]
    [InlineData("cast5-cbc")]
    public void Ciphertext_that_is_empty_or_not_whole_blocks_does_not_decrypt(string name)
    {
        var cipher = LegionCipher.Create(name, "s3cret", null);
        byte[] ciphertext = cipher.Encrypt(Encoding.ASCII.GetBytes(Text19));

        Assert.False(cipher.TryDecrypt([], out byte[] empty));
        Assert.Empty(empty);
        for (int cut = 1; cut < cipher.BlockSize; cut++)
        {
            Assert.False(cipher.TryDecrypt(ciphertext.AsSpan(0, ciphertext.Length - cut), out byte[] plaintext));
            Assert.Empty(plaintext);
        }
    }

    [Theory]
    [InlineData("aes-128-cbc")]
    [InlineData("bf-cbc")]
    public void Ciphertext_cut_by_a_whole_block_fails_the_padding_check(string name)
    {
        var cipher = LegionCipher.Create(name, "s3cret", null);

        // The plaintext's last full block is 'x' bytes, which can never read as valid padding.
        byte[] ciphertext = cipher.Encrypt(Encoding.ASCII.GetBytes(new string('x', 3 * cipher.BlockSize)));

        Assert.False(cipher.TryDecrypt(ciphertext.AsSpan(0, ciphertext.Length - cipher.BlockSize), out _));
    }

    [Theory]
    [InlineData("aes-128-cbc")]
    [InlineData("aes-192-cbc")]
    [InlineData("aes-256-cbc")]
    [InlineData("bf-cbc")]
    [InlineData("des-ede3-cbc")]
    [InlineData("camellia-128-cbc")]
    [InlineData("camellia-192-cbc")]
    [InlineData("camellia-256-cbc")]
    [InlineData("cast5-cbc")]
    public void A_wrong_key_almost_never_yields_the_plaintext(string name)
    {
        var right = LegionCipher.Create(name, "s3cret", null);
        var wrong = LegionCipher.Create(name, "not-the-secret", null);
        byte[] body = AnnounceCodec.Encode(AnnounceSamples.Typical());

        // Padding passes by chance about once in 256 tries; the datagram layer still drops that garbage.
        bool decrypted = wrong.TryDecrypt(right.Encrypt(body), out byte[] plaintext);

        Assert.False(decrypted && plaintext.AsSpan().SequenceEqual(body));
    }

    [Fact]
    public void A_wrong_IV_garbles_only_the_first_block()
    {
        var right = LegionCipher.Create("aes-128-cbc", "s3cret", null);
        var wrongIv = LegionCipher.Create("aes-128-cbc", "s3cret", "other");
        byte[] body = Encoding.ASCII.GetBytes(new string('x', 40));

        Assert.True(wrongIv.TryDecrypt(right.Encrypt(body), out byte[] plaintext));
        Assert.NotEqual(body[..16], plaintext[..16]);
        Assert.Equal(body[16..], plaintext[16..]);
    }

    [Fact]
    public void One_cipher_can_be_shared_by_concurrent_senders_and_receivers()
    {
        var cipher = LegionCipher.Create("bf-cbc", "s3cret", null);
        byte[] body = AnnounceCodec.Encode(AnnounceSamples.Typical());
        byte[] expected = cipher.Encrypt(body);

        var results = Enumerable.Range(0, 2000).AsParallel().Select(i =>
            i % 2 == 0
                ? cipher.Encrypt(body).AsSpan().SequenceEqual(expected)
                : cipher.TryDecrypt(expected, out byte[] plaintext) && plaintext.AsSpan().SequenceEqual(body));

        Assert.All(results, Assert.True);
    }
}
