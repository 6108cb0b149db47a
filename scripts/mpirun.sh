#!/usr/bin/env bash
# mpirun with the switches a workstation or container needs: running as root (Open MPI refuses
# otherwise), more ranks than cores, and no core binding (a rank may use several threads).
# Usage: scripts/mpirun.sh -n RANKS COMMAND...
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_rmaps_base_oversubscribe=1 OMPI_MCA_hwloc_base_binding_policy=none
# With more ranks than cores, a rank waiting for a message must give its core to the one it waits for.
export OMPI_MCA_mpi_yield_when_idle=1
exec mpirun "$@"
