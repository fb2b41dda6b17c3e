namespace Legion.Actors.Tests.Configuration;

/// <summary>A directory under the system temp folder, deleted on dispose; for ini files written by tests.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "legion-config-" + Guid.NewGuid().ToString("N"));

    /// <summary>Writes a file (mode 0600 unless told otherwise) and returns its full path.</summary>
    public string Write(string name, string text, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        var path = System.IO.Path.Combine(Path, name);
        File.WriteAllText(path, text);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }

        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
