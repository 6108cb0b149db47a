#pragma once
// The Python side of dpnp (python/dpnp_report: the HTML report and the PNG previews, drawn with
// matplotlib), run as a child process with the project venv's interpreter. dpnp itself never needs
// Python: a missing interpreter is an error only for `dpnp report`, and a warning for previews.

#include <string>
#include <vector>

namespace dpnp::app {

/// The interpreter: $DPNP_REPORT_PYTHON, else the one configured at build time (the project's
/// .venv), else `python3` on the PATH.
std::string report_python();

struct PythonRun {
  bool started = false;  ///< false: no interpreter to start (`why` says which and the fix)
  bool exited = false;   ///< false: killed by a signal (`why` says which)
  int code = 0;          ///< its exit code, when it exited
  std::string why;
};

/// Runs `PYTHON -m dpnp_report ARGS...` with python/ on PYTHONPATH and waits for it.
PythonRun run_dpnp_report(const std::vector<std::string>& args);

/// Defined in the file CMake generates from python_paths.cpp.in.
const char* configured_report_python();
const char* report_package_dir();

}  // namespace dpnp::app
