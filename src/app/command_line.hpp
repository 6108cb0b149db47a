#pragma once
// The command line dpnp was started with, kept for the result file's provenance (`command_line`).

#include <string>

namespace dpnp::app {

void remember_command_line(int argc, char** argv);
/// The arguments joined by spaces, each quoted when it holds a space or a quote; empty if not remembered.
const std::string& remembered_command_line();

}  // namespace dpnp::app
