# Source me on a GPU machine that has LibTorch (a torch wheel) but no MPI/HDF5/yaml-cpp: unpacks the
# Debian packages carried in .device/debs (benchmarks/gpu/README.md) into /tmp/dpnp-root and points
# the loader and Open MPI at them. Usage: source benchmarks/gpu/env.sh [TORCH_LIB_DIR]
ROOT_DIR=/tmp/dpnp-root
if [[ ! -d $ROOT_DIR/usr ]]; then
  mkdir -p $ROOT_DIR
  for deb in .device/debs/*.deb; do dpkg-deb -x "$deb" $ROOT_DIR; done
fi
TORCH_LIB=${1:-$(python3 -c 'import torch, os; print(os.path.join(os.path.dirname(torch.__file__), "lib"))')}
export LD_LIBRARY_PATH=$TORCH_LIB:$ROOT_DIR/usr/lib/x86_64-linux-gnu:$ROOT_DIR/usr/lib/x86_64-linux-gnu/openmpi/lib:/usr/local/cuda/lib64:${LD_LIBRARY_PATH:-}
export OPAL_PREFIX=$ROOT_DIR/usr
export PATH=$ROOT_DIR/usr/bin:$PATH
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
export OMPI_MCA_hwloc_base_binding_policy=none OMPI_MCA_mpi_yield_when_idle=1
# Open MPI's openib/ofi transports probe for InfiniBand hardware; the machine has none.
export OMPI_MCA_btl=self,vader OMPI_MCA_pml=ob1 OMPI_MCA_mtl=^ofi,psm,psm2
