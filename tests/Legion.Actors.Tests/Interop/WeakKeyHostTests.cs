using Legion.Actors.Tests.Configuration;

namespace Legion.Actors.Tests.Interop;

/// <summary>Secrets uWSGI 2.0 accepts whose key would be empty or public: `legion check-config` refuses them, as the node does.</summary>
[Trait("Category", "Process")]
public sealed class WeakKeyHostTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public void Check_config_refuses_a_secret_that_is_an_unset_variable_or_starts_with_NUL()
    {
        using var dir = new TempDirectory();
        string key = dir.Write("key", "\0abcdefghijklmnop");
        string nul = dir.Write("nul.ini", $"[uwsgi]\nlegion = web 127.0.0.1:4999 90 aes-128-cbc:@({key})\n");
        string unset = dir.Write("unset.ini", "[uwsgi]\nlegion = web 127.0.0.1:4999 90 aes-128-cbc:$(LEGION_TEST_UNSET_SECRET)\n");

        var (code, output) = LegionHostProcess.Run(["check-config", nul], Deadline);
        Assert.Equal(2, code);
        Assert.Contains("nul.ini:2", output, StringComparison.Ordinal);

        (code, output) = LegionHostProcess.Run(["check-config", unset], Deadline);
        Assert.Equal(2, code);
        Assert.Contains("unset.ini:2", output, StringComparison.Ordinal);
        Assert.Contains("LEGION_TEST_UNSET_SECRET", output, StringComparison.Ordinal);
    }
}
