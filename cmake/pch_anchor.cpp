// Anchor translation unit for the shared precompiled header (cmake/dpnp_pch.hpp).
