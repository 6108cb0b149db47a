#pragma once
/// @file
/// Process-wide settings that must be made once, early, on every rank.

namespace dpnp {

/// Keeps glibc from returning large tensors to the kernel on every free. Without this, each
/// allocation above 32 MB is a fresh mmap whose page faults cost 7-60x on convolutions
/// (docs/performance.md; build-notes §4.5). Idempotent; call first thing in main().
void tune_allocator();

/// Sets the number of intra-op threads LibTorch uses on this rank. `requested` = 0 picks
/// (hardware threads of the node) / (ranks on the node), at least 1. Returns the number set.
int configure_threads(int requested, int ranks_on_node);

}  // namespace dpnp
