#!/usr/bin/env bash
# Offline checks of the observability files: Prometheus config, recording and alert rules (with
# their promtool unit tests) and the docker-compose stack. Installs Debian's `prometheus` (for
# promtool and the prometheus binary that PrometheusQueriesTest runs during `mvn -B verify`) and
# `docker-compose` packages when missing. Run by .ci/run, or alone:
#   bash .ci/observability-check.sh
# The live half (every dashboard and rule expression against a real Prometheus scraping a real
# search, and `promtool check metrics` on a live /metrics scrape) is PrometheusQueriesTest.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v promtool >/dev/null && command -v prometheus >/dev/null || missing+=(prometheus)
command -v docker-compose >/dev/null || missing+=(docker-compose)
if (( ${#missing[@]} )); then
  sudo=""; [[ $(id -u) == 0 ]] || sudo="sudo"
  echo "observability-check: installing ${missing[*]} (apt)"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# The Debian package starts a Prometheus service where there is an init system; CI needs only the
# binaries (the test starts its own on a free port).

echo "-- promtool check config prometheus/prometheus.yml"
promtool check config prometheus/prometheus.yml
echo "-- promtool check rules prometheus/rules/*.yml"
promtool check rules prometheus/rules/*.yml
echo "-- promtool test rules prometheus/tests/*.yml"
(cd prometheus && promtool test rules tests/*.yml)
echo "-- docker-compose config (docker-compose.yml)"
docker-compose -f docker-compose.yml config -q
# The dashboards are parsed (and every query run) by PrometheusQueriesTest.
echo "observability-check: ok"
