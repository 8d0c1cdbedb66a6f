#!/usr/bin/env bash
# Runs the side-by-side benchmark suite (bench/BenchRunner; docs/benchmarks.md describes every figure).
#   bench/run.sh            full mode (about 15 minutes): writes the generated part of docs/benchmarks.md
#   bench/run.sh --quick    a few seconds per figure (CI): fails only when something breaks, never on a ratio
#   bench/run.sh --only 1,3 [--no-docs]   some figures only (docs/benchmarks.md is then left alone)
# On a fresh Debian machine it first installs what is missing from Debian's packages: wrk, node (for the scrypt
# comparison) and the PostgreSQL binaries (the suite runs its own throwaway server on a loopback port).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
if ! command -v initdb >/dev/null 2>&1 && ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
  missing+=(postgresql)
fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "bench: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# BenchRunner references the example, the baseline and the older benches, so this builds everything it starts.
dotnet build bench/BenchRunner -c Release -nologo -v quiet -clp:ErrorsOnly
exec dotnet bench/BenchRunner/bin/Release/net10.0/BenchRunner.dll "$@"
