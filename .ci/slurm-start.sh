#!/usr/bin/env bash
# Start a single-node Slurm (slurmctld + slurmd, munge auth) as root, all state under $1; print SLURM_CONF=…
# The steps of ../shared/SLURM.md: one node named after the host, partition "debug", no accounting database
# (finished jobs go to $1/log/jobcomp.txt). Stop it with .ci/slurm-stop.sh $1.
set -euo pipefail
D=${1:?usage: slurm-start.sh DIR}; mkdir -p "$D"/{state,spool,log}
H=$(hostname -s)
[ -f /etc/munge/munge.key ] || /usr/sbin/mungekey -c
mkdir -p /run/munge && chown munge:munge /run/munge
pgrep -x munged >/dev/null || runuser -u munge -- /usr/sbin/munged
cat > "$D/slurm.conf" <<CONF
ClusterName=scalecast-ci
SlurmctldHost=$H
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/filetxt
JobCompLoc=$D/log/jobcomp.txt
SlurmUser=root
StateSaveLocation=$D/state
SlurmdSpoolDir=$D/spool
SlurmctldPidFile=$D/slurmctld.pid
SlurmdPidFile=$D/slurmd.pid
SlurmctldLogFile=$D/log/slurmctld.log
SlurmdLogFile=$D/log/slurmd.log
ReturnToService=2
SchedulerParameters=sched_interval=1
NodeName=$H CPUs=$(nproc) RealMemory=8000 State=UNKNOWN
PartitionName=debug Nodes=$H Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$D/slurm.conf"
slurmctld -f "$D/slurm.conf"; slurmd -f "$D/slurm.conf"
for _ in $(seq 1 60); do sinfo -h -o %T 2>/dev/null | grep -q idle && break; sleep 0.5; done
sinfo -h -o %T | grep -q idle || { echo "slurm did not come up: see $D/log" >&2; exit 1; }
echo "SLURM_CONF=$D/slurm.conf"
