#!/usr/bin/env bash
# Starts a one-node SLURM cluster on this host for Alcove's tests: munged with its own key and socket,
# slurmctld and slurmd, all state and logs under $ALCOVE_SLURM_DIR (default $TMPDIR/alcove-slurm), then waits
# until `sinfo` says the node is idle. Prints `export SLURM_CONF=...` for the caller to eval.
#
#   eval "$(scripts/ci/slurm-up.sh)"   ...   scripts/ci/slurm-down.sh
#
# The node is this host: CPUs from nproc, RealMemory from /proc/meminfo (minus 512 MB for the system),
# DefMemPerCPU so that jobs that do not ask share the node, select/cons_tres with CR_Core_Memory.
# Processes are tracked with proctrack/linuxproc: cgroups need a writable cgroup hierarchy, which a
# container seldom gives; memory is enforced by jobacct_gather (OverMemoryKill) instead.
set -euo pipefail
D=${ALCOVE_SLURM_DIR:-${TMPDIR:-/tmp}/alcove-slurm}
HOST=$(hostname -s)
CPUS=${ALCOVE_SLURM_CPUS:-$(nproc)}
MEM_MB=$(( $(awk '/MemTotal/ {print int($2 / 1024)}' /proc/meminfo) - 512 ))
DEF_MEM=$(( MEM_MB / CPUS / 2 ))
mkdir -p "$D"/ctld "$D"/spool "$D"/munge
chmod 700 "$D"/munge

if [ ! -f "$D/munge/munge.key" ]; then
  dd if=/dev/urandom of="$D/munge/munge.key" bs=1024 count=1 status=none
  chmod 400 "$D/munge/munge.key"
fi
if ! munge -n --socket="$D/munge/socket" >/dev/null 2>&1; then
  munged --force --key-file="$D/munge/munge.key" --socket="$D/munge/socket" --pid-file="$D/munge/munged.pid" \
    --log-file="$D/munge/munged.log" --seed-file="$D/munge/munged.seed"
fi

cat >"$D/slurm.conf" <<CONF
ClusterName=alcove
SlurmctldHost=$HOST(127.0.0.1)
AuthType=auth/munge
AuthInfo=socket=$D/munge/socket
CredType=cred/munge
SlurmUser=$(id -un)
SlurmctldPort=16817
SlurmdPort=16818
StateSaveLocation=$D/ctld
SlurmdSpoolDir=$D/spool
SlurmctldPidFile=$D/slurmctld.pid
SlurmdPidFile=$D/slurmd.pid
SlurmctldLogFile=$D/slurmctld.log
SlurmdLogFile=$D/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=$DEF_MEM
JobAcctGatherType=jobacct_gather/linux
JobAcctGatherFrequency=task=1
JobAcctGatherParams=OverMemoryKill
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=1
ReturnToService=2
SlurmdTimeout=5
MinJobAge=600
KillWait=5
InactiveLimit=0
SlurmdParameters=config_overrides
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=$MEM_MB State=UNKNOWN
PartitionName=alcove Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$D/slurm.conf"

[ -f "$D/slurmctld.pid" ] && kill -0 "$(cat "$D/slurmctld.pid")" 2>/dev/null || slurmctld -f "$SLURM_CONF"
[ -f "$D/slurmd.pid" ] && kill -0 "$(cat "$D/slurmd.pid")" 2>/dev/null || slurmd -f "$SLURM_CONF"

for _ in $(seq 1 100); do
  state=$(sinfo -h -N -o '%t' 2>/dev/null | head -1 || true)
  case "$state" in
    idle | mix | alloc) echo "export SLURM_CONF=$SLURM_CONF"; exit 0 ;;
    down* | drain*) scontrol update nodename="$HOST" state=resume >/dev/null 2>&1 || true ;;
  esac
  sleep 0.2
done
echo "slurm-up: the node did not become idle (state: ${state:-none}); see $D/*.log" >&2
exit 1
