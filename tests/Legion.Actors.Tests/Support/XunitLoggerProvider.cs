using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Legion.Actors.Tests.Support;

/// <summary>Routes a generic host's logs to the test's output.</summary>
internal sealed class XunitLoggerProvider(ITestOutputHelper output, string prefix = "") : ILoggerProvider
{
    private readonly XunitLoggerFactory _factory = new(output, prefix);

    public ILogger CreateLogger(string categoryName) => _factory.CreateLogger(categoryName);

    public void Dispose()
    {
    }
}
