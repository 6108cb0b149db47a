#include "report_command.hpp"

#include <fmt/format.h>

#include "python_tools.hpp"
#include "dpnp/core/error.hpp"

namespace dpnp::app {

CLI::App* add_report_command(CLI::App& cli, ReportArgs& args) {
  auto* report = cli.add_subcommand(
      "report", "Write one self-contained HTML report of a result file: images with colour bars, uncertainty maps, "
                "traces, autocorrelation, diagnostics, provenance (no MPI: run it directly).");
  report->add_option("result", args.result_path, "Result file written by dpnp sample (output.path)")->required();
  report->add_option("-o,--output", args.output_path, "HTML file to write (default: <result stem>_report.html beside it)");
  report->add_option("--stretch", args.stretch,
                     "Stretch shown first (the page holds all four): auto (z-scale for a large dynamic range), "
                     "linear, asinh, log, zscale")
      ->check(CLI::IsMember({"auto", "linear", "asinh", "log", "zscale"}));
  return report;
}

int run_report(const ReportArgs& args) {
  std::vector<std::string> command = {"report", "--stretch", args.stretch};
  if (!args.output_path.empty()) {
    command.push_back("--output");
    command.push_back(args.output_path);
  }
  command.push_back("--");  // a result path may begin with '-'
  command.push_back(args.result_path);
  const PythonRun run = run_dpnp_report(command);
  if (!run.started) throw InputError("report: " + run.why);
  if (!run.exited) throw Error("report: " + run.why);
  // The Python side prints its own one-line errors (bad result file, missing matplotlib) and exits 2.
  return run.code;
}

}  // namespace dpnp::app
