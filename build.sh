#!/usr/bin/env bash
# Build script (bash twin of build.ps1; same verbs).
#   ./build.sh build          restore and build everything (Release)
#   ./build.sh test           install test prerequisites (see deps) when missing, publish the native host, then run all tests
#   ./build.sh native         publish the native (Native AOT) `legion` host to artifacts/native/legion (gcc links it)
#   ./build.sh bench [ARGS]   our hosts (JIT and native) beside real uWSGI 2.0 in one run; writes bench/RESULTS.md
#                             (ARGS: --quick, --trials N, --only PARTS; see bench/Legion.Actors.Benchmarks/Comparison)
#   ./build.sh run [ARGS...]  run the `legion` host; with no ARGS it runs config/local.ini (made 0600 first: it holds a secret)
#   ./build.sh deps           install the Debian packages the tests need (uwsgi-core, chromium, iputils-arping, faketime, iproute2,
#                             and gcc, binutils, libc6-dev to link the native host), and PowerShell as a .NET tool (pwsh: the
#                             tests run build.ps1 beside this script)
#   ./build.sh clean          remove build outputs
set -euo pipefail
cd "$(dirname "$0")"
verb="${1:-build}"
[ $# -gt 0 ] && shift
config="${CONFIGURATION:-Release}"

deps() {
  # PowerShell runs build.ps1, this script's twin, which a test compares with this one; a .NET tool, no root needed.
  export PATH="$PATH:$HOME/.dotnet/tools"
  if ! command -v pwsh >/dev/null 2>&1; then
    echo "build.sh: installing PowerShell 7.6.9 (dotnet tool install -g PowerShell)"
    dotnet tool install -g PowerShell --version 7.6.9 >/dev/null
  fi
  local missing=()
  command -v uwsgi >/dev/null 2>&1 || missing+=(uwsgi-core)
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)   # the status page test drives headless Chromium
  # The reliability harness (tests/Legion.Actors.Tests/Harness): arping for the IP takeover example,
  # libfaketime for the clock-skew scenarios; iproute2's `ip netns` is part of every Debian base.
  command -v arping >/dev/null 2>&1 || missing+=(iputils-arping)
  compgen -G '/usr/lib/*/faketime/libfaketimeMT.so.1' >/dev/null || compgen -G '/usr/lib/faketime/libfaketimeMT.so.1' >/dev/null || missing+=(faketime)
  command -v ip >/dev/null 2>&1 || missing+=(iproute2)
  # The native host: Native AOT links with gcc (clang is its default; see Legion.Host.csproj) and strips with objcopy.
  command -v gcc >/dev/null 2>&1 || missing+=(gcc)
  command -v objcopy >/dev/null 2>&1 || missing+=(binutils)
  compgen -G '/usr/lib/*/crt1.o' >/dev/null || missing+=(libc6-dev)
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" != 0 ]; then
      echo "build.sh: the tests need ${missing[*]} (Debian); run as root or install them first" >&2
      exit 1
    fi
    echo "build.sh: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# The native host: net9.0 Native AOT (see Directory.Build.props), trimming and AOT warnings are errors.
native() {
  dotnet publish src/Legion.Host -c "$config" -r linux-x64 -p:LegionNative=true -o artifacts/native "$@"
  touch artifacts/native/legion   # an incremental publish keeps the old file: mark it as checked against these sources
}

case "$verb" in
  build)
    dotnet build Legion.Actors.sln -c "$config" "$@"
    ;;
  test)
    deps
    dotnet build Legion.Actors.sln -c "$config"
    native   # NativeHostTests run this very binary
    LEGION_NATIVE_HOST="$PWD/artifacts/native/legion" \
      dotnet test Legion.Actors.sln -c "$config" --no-build --logger "console;verbosity=normal" "$@"
    ;;
  native)
    native "$@"
    ;;
  bench)
    deps
    dotnet build Legion.Actors.sln -c Release
    native
    dotnet run -c Release --no-build --project bench/Legion.Actors.Benchmarks -- compare "$@"
    ;;
  run)
    if [ $# -eq 0 ]; then
      # config/local.ini holds a legion secret (a demo one), and the host rightly warns about a secret others can read;
      # git checks files out 0644, so the quick start makes it 0600 first rather than teach a first run to ignore a warning.
      chmod 600 config/local.ini
      set -- --ini config/local.ini
    fi
    dotnet run --project src/Legion.Host -c "$config" -- "$@"
    ;;
  deps)
    deps
    ;;
  clean)
    dotnet clean Legion.Actors.sln -c "$config" >/dev/null
    find . -type d \( -name bin -o -name obj \) -prune -exec rm -rf {} +
    ;;
  *)
    echo "usage: ./build.sh build|test|native|bench [ARGS...]|run [ARGS...]|deps|clean" >&2
    exit 2
    ;;
esac
