# Build script (PowerShell twin of build.sh; same verbs).
#   ./build.ps1 build | test | native | bench [ARGS...] | run [ARGS...] | deps | clean   (native, bench: Linux only; bench writes bench/RESULTS.md)
param([Parameter(Position = 0)][string]$Verb = "build", [Parameter(ValueFromRemainingArguments = $true)][string[]]$Rest = @())
$ErrorActionPreference = "Stop"
Set-Location $PSScriptRoot
$config = if ($env:CONFIGURATION) { $env:CONFIGURATION } else { "Release" }

function Install-Deps {
    $missing = @()
    if (-not (Get-Command uwsgi -ErrorAction SilentlyContinue)) { $missing += "uwsgi-core" }
    # The reliability harness: arping (IP takeover), libfaketime (clock skew), ip netns (iproute2).
    if (-not (Get-Command arping -ErrorAction SilentlyContinue)) { $missing += "iputils-arping" }
    if (-not (Get-ChildItem /usr/lib/*/faketime/libfaketimeMT.so.1, /usr/lib/faketime/libfaketimeMT.so.1 -ErrorAction SilentlyContinue)) { $missing += "faketime" }
    if (-not (Get-Command ip -ErrorAction SilentlyContinue)) { $missing += "iproute2" }
    # The native host: Native AOT links with gcc and strips with objcopy.
    if (-not (Get-Command gcc -ErrorAction SilentlyContinue)) { $missing += "gcc" }
    if (-not (Get-Command objcopy -ErrorAction SilentlyContinue)) { $missing += "binutils" }
    if (-not (Get-ChildItem /usr/lib/*/crt1.o -ErrorAction SilentlyContinue)) { $missing += "libc6-dev" }
    if ($missing.Count -gt 0) {
        if ($IsLinux -and (id -u) -eq "0") {
            $env:DEBIAN_FRONTEND = "noninteractive"
            apt-get update -qq
            apt-get install -y -qq @missing
        } else {
            throw "build.ps1: the tests need $($missing -join ', ') (Debian); run as root or install them first"
        }
    }
    # The status page test drives headless Chromium.
    if (-not (Get-Command chromium -ErrorAction SilentlyContinue)) {
        if ($IsLinux -and (id -u) -eq "0") {
            $env:DEBIAN_FRONTEND = "noninteractive"
            apt-get update -qq
            apt-get install -y -qq chromium
        } else {
            throw "build.ps1: the tests need chromium (Debian); run as root or install it first"
        }
    }
}

# The native host: net9.0 Native AOT (see Directory.Build.props); trimming and AOT warnings are errors.
function Publish-Native {
    dotnet publish src/Legion.Host -c $config -r linux-x64 -p:LegionNative=true -o artifacts/native @args
    if ($LASTEXITCODE) { exit $LASTEXITCODE }
    (Get-Item artifacts/native/legion).LastWriteTime = Get-Date
}

switch ($Verb) {
    "build" { dotnet build Legion.Actors.sln -c $config @Rest; exit $LASTEXITCODE }
    "test" {
        Install-Deps
        dotnet build Legion.Actors.sln -c $config; if ($LASTEXITCODE) { exit $LASTEXITCODE }
        Publish-Native   # NativeHostTests run this very binary
        $env:LEGION_NATIVE_HOST = Join-Path $PWD "artifacts/native/legion"
        dotnet test Legion.Actors.sln -c $config --no-build --logger "console;verbosity=normal" @Rest; exit $LASTEXITCODE
    }
    "run" {
        if ($Rest.Count -eq 0) {
            # config/local.ini holds a (demo) legion secret and the host warns about a secret others can read; git checks
            # files out 0644, so make it 0600 first (as build.sh does).
            if (-not $IsWindows) { [System.IO.File]::SetUnixFileMode((Join-Path $PSScriptRoot "config/local.ini"), [System.IO.UnixFileMode]"UserRead, UserWrite") }
            $Rest = @("--ini", "config/local.ini")
        }
        dotnet run --project src/Legion.Host -c $config -- @Rest; exit $LASTEXITCODE
    }
    "native" { Publish-Native @Rest }
    "bench" {
        Install-Deps
        dotnet build Legion.Actors.sln -c Release; if ($LASTEXITCODE) { exit $LASTEXITCODE }
        Publish-Native
        dotnet run -c Release --no-build --project bench/Legion.Actors.Benchmarks -- compare @Rest; exit $LASTEXITCODE
    }
    "deps" { Install-Deps }
    "clean" {
        dotnet clean Legion.Actors.sln -c $config | Out-Null
        Get-ChildItem -Recurse -Directory -Include bin, obj | Remove-Item -Recurse -Force
    }
    # Not Write-Error: with $ErrorActionPreference = "Stop" it throws, and the script would exit 1 instead of 2 as build.sh does.
    default { [Console]::Error.WriteLine("usage: ./build.ps1 build|test|native|bench [ARGS...]|run [ARGS...]|deps|clean"); exit 2 }
}
