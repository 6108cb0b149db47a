// Must not compile: denoisers does not declare physics as a dependency (src/CMakeLists.txt), so
// physics's headers are not visible to it, although physics is to its left.
#include "dpnp/physics/gradient2d.hpp"
