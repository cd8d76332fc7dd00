#!/usr/bin/env bash
# Stop the single-node Slurm started by slurm-start.sh DIR, by its own pid files only.
D=${1:?usage: slurm-stop.sh DIR}
for f in "$D/slurmd.pid" "$D/slurmctld.pid"; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done
