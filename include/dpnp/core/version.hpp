#pragma once

namespace dpnp {

/// Semantic version of this build, e.g. "0.1.0".
const char* version();
/// Short git hash of the source tree at build time ("unknown" outside git, "-dirty" when modified).
const char* git_hash();

}  // namespace dpnp
