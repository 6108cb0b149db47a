#pragma once
/// @file
/// Where and how a run happened, for the provenance attributes of its outputs.

#include <string>

namespace dpnp {

/// Remembers the command line (call once in main(), before anything can fail); each argument that
/// needs it is shell-quoted, so the recorded line can be pasted back into a shell.
void record_command_line(int argc, char** argv);
/// The recorded command line; empty when none was recorded (library use).
const std::string& command_line();

/// This node's host name.
std::string host_name();

/// The current time in UTC, ISO 8601 to the second ("2026-12-02T04:09:19Z").
std::string utc_timestamp();

}  // namespace dpnp
