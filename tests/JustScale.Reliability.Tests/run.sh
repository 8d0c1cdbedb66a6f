#!/usr/bin/env bash
# Runs the reliability suite alone and prints its figures (docs/reliability.md).
#   quick (default): the sizes of issue 8, as `dotnet test JustScale.sln` runs them in CI (a few minutes);
#   full: JUSTSCALE_RELIABILITY=full, larger bursts and the long phases (a 30 s frozen database, 1,000 slow clients,
#         5,000 concurrent logins, 20 s outages); about 10 minutes on two cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
mode="${1:-quick}"
case "$mode" in
  quick|full) ;;
  *) echo "usage: $0 [quick|full]" >&2; exit 2 ;;
esac

mkdir -p TestResults
rm -f TestResults/reliability-figures.txt
status=0
JUSTSCALE_RELIABILITY="$mode" dotnet test tests/JustScale.Reliability.Tests -c Release || status=$?
echo
echo "Figures ($mode), also in TestResults/reliability-figures.txt:"
cat TestResults/reliability-figures.txt 2>/dev/null || echo "(none: no test reported figures)"
exit "$status"
