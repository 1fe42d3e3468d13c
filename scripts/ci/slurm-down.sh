#!/usr/bin/env bash
# Stops what slurm-up.sh started (slurmd, slurmctld, munged), by their pid files; keeps the logs.
set -uo pipefail
D=${ALCOVE_SLURM_DIR:-${TMPDIR:-/tmp}/alcove-slurm}
stop() {
  local pidfile=$1
  [ -f "$pidfile" ] || return 0
  local pid
  pid=$(cat "$pidfile")
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}
stop "$D/slurmd.pid"
stop "$D/slurmctld.pid"
stop "$D/munge/munged.pid"
exit 0
