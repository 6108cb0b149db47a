// Must not compile: io is to the right of physics, so physics cannot see io's headers.
#include "dpnp/io/config.hpp"
