using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Legion.Host;

/// <summary>
/// The token a node makes for its control endpoint when the operator gave none, in a file only the node's user can
/// read (mode 0600 in a directory of mode 0700), so that <c>legion step-down</c> and the other commands, run by the same
/// user on the same machine, find it, and no other local user, and no web page, can change the node.
/// The file is <c>DIR/control-ADDRESS-PORT.token</c> (e.g. <c>control-127.0.0.1-9000.token</c>), DIR being
/// <c>$XDG_RUNTIME_DIR/legion</c>, else <c>/run/legion</c> for root, else <c>/tmp/legion-UID</c> (as tmux keeps its
/// sockets); the node removes it when it stops.
/// </summary>
internal static class ControlTokenFile
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>The directory that holds the token files of this user's nodes.</summary>
    /// <param name="environment">Reads an environment variable.</param>
    public static string Directory(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment("XDG_RUNTIME_DIR") is { Length: > 0 } runtime && Path.IsPathRooted(runtime))
        {
            return Path.Combine(runtime, "legion");
        }
        uint uid = OperatingSystem.IsWindows() ? 0 : geteuid();
        return uid == 0 && !OperatingSystem.IsWindows() ? "/run/legion" : Path.Combine(Path.GetTempPath(), "legion-" + uid.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The token file of the endpoint bound to <paramref name="endpoint"/>.</summary>
    /// <param name="endpoint">The bound address and port (not port 0).</param>
    /// <param name="environment">Reads an environment variable.</param>
    public static string PathFor(IPEndPoint endpoint, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return Path.Combine(Directory(environment), $"control-{endpoint.Address}-{endpoint.Port.ToString(CultureInfo.InvariantCulture)}.token");
    }

    /// <summary>A new token: 32 random bytes as 64 lowercase hex digits.</summary>
    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// Writes <paramref name="token"/> to <paramref name="path"/> with mode 0600, creating its directory with mode 0700;
    /// the file is replaced whole (written aside, then renamed), so a reader never sees half a token.
    /// </summary>
    /// <exception cref="IOException">
    /// The directory cannot be made, or exists with permissions for group or others (another user could have made it to
    /// read or swap the token), or the file cannot be written; the message names the path.
    /// </exception>
    public static void Write(string path, string token)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new IOException("a control token file needs Unix permissions");
        }
        var directory = Path.GetDirectoryName(path)!;
        try
        {
            System.IO.Directory.CreateDirectory(directory, Private);
            var info = new DirectoryInfo(directory);
            if (info.LinkTarget is not null || (info.UnixFileMode & ~Private) != 0)
            {
                throw new IOException($"{directory} is a symbolic link or open to other users ({info.UnixFileMode}); remove it or set XDG_RUNTIME_DIR");
            }
            var aside = path + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            };
            File.Delete(aside);
            using (var file = new FileStream(aside, options))
            {
                file.Write(Encoding.ASCII.GetBytes(token + "\n"));
            }
            File.Move(aside, path, overwrite: true);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new IOException($"cannot write the control token to {path}: {ex.Message}", ex);
        }
    }

    /// <summary>Removes the file if it still holds <paramref name="token"/> (another node may have replaced it since).</summary>
    public static void Delete(string path, string token)
    {
        try
        {
            if (File.Exists(path) && File.ReadAllText(path).Trim() == token)
            {
                File.Delete(path);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a file left behind holds a token no running node accepts.
        }
    }

    /// <summary>The token in <paramref name="path"/>; null when there is no such file.</summary>
    /// <exception cref="UnauthorizedAccessException">The file belongs to another user.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static string? Read(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() is { Length: > 0 } token ? token : null : null;

    [DllImport("libc")]
    private static extern uint geteuid();
}
