using System.Globalization;

namespace Legion.Fuzz;

/// <summary>Resident memory of a process as Linux reports it in <c>/proc/PID/status</c>.</summary>
/// <param name="ResidentBytes">Current resident set size (<c>VmRSS</c>).</param>
/// <param name="PeakResidentBytes">Peak resident set size since the process started (<c>VmHWM</c>, the high-water mark).</param>
public readonly record struct ProcessMemory(long ResidentBytes, long PeakResidentBytes)
{
    /// <summary>Reads the figures of process <paramref name="pid"/>, or null if it is gone (or not Linux).</summary>
    public static ProcessMemory? Read(int pid)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines($"/proc/{pid}/status");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        long Field(string name)
        {
            var line = lines.FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.Ordinal));
            if (line is null)
            {
                return 0;
            }
            var kb = line[(name.Length + 1)..].Trim().Split(' ')[0];
            return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
        }

        return new ProcessMemory(Field("VmRSS"), Field("VmHWM"));
    }

    /// <summary>Bytes as mebibytes with one decimal, e.g. <c>73.4 MiB</c>.</summary>
    public static string Format(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.0} MiB");
}
