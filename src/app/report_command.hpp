#pragma once
// `dpnp report RESULT.h5 [-o report.html] [--stretch S]`: one self-contained HTML report of a result
// file (python/dpnp_report, matplotlib). It reads files only and runs without MPI.

#include <CLI/CLI.hpp>

#include <string>

namespace dpnp::app {

struct ReportArgs {
  std::string result_path;
  std::string output_path;  ///< empty: <result stem>_report.html beside the result
  std::string stretch = "auto";
};

CLI::App* add_report_command(CLI::App& cli, ReportArgs& args);
int run_report(const ReportArgs& args);

}  // namespace dpnp::app
