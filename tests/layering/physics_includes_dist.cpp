// Must compile: physics declares dist, so this is the control for the two failing probes.
#include "dpnp/dist/slab_layout.hpp"

int dpnp_layering_probe() { return static_cast<int>(dpnp::SlabLayout::balanced(8, 4, 2).rows(0)); }
