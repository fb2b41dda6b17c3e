using FsCheck;
using FsCheck.Fluent;
using Legion.Actors.Configuration;
using static Legion.Actors.Tests.Configuration.Secrets;

namespace Legion.Actors.Tests.Configuration;

public class SecretMaskTests
{
    [Theory]
    [InlineData($"web 127.0.0.1:2000 90 aes-128-cbc:{Secret}", "web 127.0.0.1:2000 90 aes-128-cbc:***")]
    [InlineData($"web 127.0.0.1:2000 90 aes-128-cbc:{Secret} {Iv}", "web 127.0.0.1:2000 90 aes-128-cbc:*** ***")]
    [InlineData($"web /run/legion.sock 90 bf-cbc:{Secret} {Iv} more", "web /run/legion.sock 90 bf-cbc:*** *** ***")]
    [InlineData($"web 127.0.0.1:2000 aes-128-cbc:{Secret}", "web 127.0.0.1:2000 aes-128-cbc:***")]
    [InlineData($"web aes-128-cbc:{Secret}", "web aes-128-cbc:***")]
    [InlineData($"aes-128-cbc:{Secret}", "aes-128-cbc:***")]
    [InlineData($"web 127.0.0.1:2000 90 {Secret}", "web 127.0.0.1:2000 90 ***")]
    [InlineData($"web 127.0.0.1:2000 90 foo:{Secret}", "web 127.0.0.1:2000 90 foo:***")]
    [InlineData("web 127.0.0.1:2000 90 aes-128-cbc:", "web 127.0.0.1:2000 90 aes-128-cbc:")]
    [InlineData("web [::1]:2000 90", "web [::1]:2000 90")]
    public void The_secret_and_iv_are_hidden_even_when_fields_are_missing(string value, string masked) =>
        Assert.Equal(masked, SecretMask.LegionValue(value));

    [Fact]
    public void An_entry_prints_masked_and_other_options_print_as_written()
    {
        Assert.Equal("legion = web 127.0.0.1:2000 90 bf-cbc:***", new UwsgiEntry("legion", $"web 127.0.0.1:2000 90 bf-cbc:{Secret}", "a.ini:1").ToString());
        Assert.Equal("legion-scroll = web x:y z", new UwsgiEntry("legion-scroll", "web x:y z", "a.ini:2").ToString());
    }

    [Fact]
    public void A_legion_definition_prints_without_secret_or_iv()
    {
        var legion = UwsgiOptions.FromCommandLine(["--legion", $"web 127.0.0.1:2000 90 bf-cbc:{Secret} {Iv}"]).Options.Legions[0];
        Assert.Contains("Secret = ***", legion.ToString());
        AssertAbsent(legion.ToString());
    }

    /// <summary>
    /// Whatever shape a declaration takes (fields missing, empty, malformed, extra spaces), once its author wrote
    /// CIPHER:SECRET the secret reaches neither an error, nor a warning, nor a printed result.
    /// </summary>
    [Fact]
    public void No_mangled_declaration_leaks_its_secret()
    {
        var name = Gen.Elements("web", "", "a-b", "aes-128-cbc");
        var address = Gen.Elements("127.0.0.1:2000", "", "127.0.0.1:0", "[::1]:2000", "/run/x.sock", "host:http", "225.1.1.1:4242", ":2000");
        var valor = Gen.Elements("90", "", "70000", "-1", "ninety", "0");
        var cipher = Gen.Elements("aes-128-cbc", "bf-cbc", "BF-CBC", "rot13", "", "aes 128");
        var iv = Gen.Elements("", " " + Iv, "  " + Iv, " " + Iv + " trailing");
        var separator = Gen.Elements(" ", "  ", "");
        var declaration =
            from n in name
            from a in address
            from v in valor
            from c in cipher
            from i in iv
            from s1 in separator
            from s2 in separator
            from s3 in separator
            from keep in Gen.Choose(0, 7)
            let fields = new[] { (keep & 1) != 0 ? n + s1 : "", (keep & 2) != 0 ? a + s2 : "", (keep & 4) != 0 ? v + s3 : "" }
            select string.Concat(fields) + c + ":" + Secret + i;

        Prop.ForAll(declaration.ToArbitrary(), value =>
        {
            foreach (var key in new[] { "legion", "legion-mcast" })
            {
                var shown = new List<string>();
                try
                {
                    var result = UwsgiOptions.FromCommandLine([$"--{key}", value, "--legion-freq", "1"]);
                    shown.AddRange(result.Warnings);
                    shown.AddRange(result.Options.Legions.Select(l => l.ToString()));
                }
                catch (LegionConfigurationException e)
                {
                    shown.Add(e.Message);
                }

                if (shown.Any(text => text.Contains(Secret, StringComparison.Ordinal) || text.Contains(Iv, StringComparison.Ordinal)))
                {
                    return false;
                }
            }

            return true;
        }).QuickCheckThrowOnFailure();
    }
}
