#pragma once
// SHA-256 of a file: for model manifests (users check downloaded weights against it with sha256sum) and
// for the chain fingerprint (a resumed chain must sample the same data).

#include <string>

namespace dpnp {

/// Lower-case hex digest. Throws InputError when the file cannot be read.
std::string sha256_of_file(const std::string& path);

}  // namespace dpnp
