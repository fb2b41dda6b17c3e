// The benchmarks read Linux /proc, send POSIX signals and run uWSGI: Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
