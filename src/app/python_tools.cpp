#include "python_tools.hpp"

#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

extern char** environ;

namespace dpnp::app {

namespace {

bool executable(const std::string& path) { return !path.empty() && access(path.c_str(), X_OK) == 0; }

// The package in the source tree the build was configured from, or else where `cmake --install`
// puts it beside the executable (<prefix>/bin/dpnp-main -> <prefix>/share/dpnp/python).
std::string package_dir() {
  std::error_code ec;
  if (std::filesystem::is_directory(std::filesystem::path(report_package_dir()) / "dpnp_report", ec))
    return report_package_dir();
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  const std::filesystem::path installed = exe.parent_path().parent_path() / "share" / "dpnp" / "python";
  return !ec && std::filesystem::is_directory(installed / "dpnp_report", ec) ? installed.string() : report_package_dir();
}

// The parent's environment with the package folder first on PYTHONPATH.
std::vector<std::string> child_environment() {
  std::vector<std::string> out;
  std::string python_path = std::string("PYTHONPATH=") + package_dir();
  for (char** entry = environ; *entry != nullptr; ++entry) {
    if (std::strncmp(*entry, "PYTHONPATH=", 11) == 0) {
      if ((*entry)[11] != '\0') python_path += std::string(":") + (*entry + 11);
    } else {
      out.emplace_back(*entry);
    }
  }
  out.push_back(python_path);
  return out;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

}  // namespace

std::string report_python() {
  if (const char* chosen = std::getenv("DPNP_REPORT_PYTHON"); chosen != nullptr && *chosen != '\0') return chosen;
  if (executable(configured_report_python())) return configured_report_python();
  return "python3";
}

PythonRun run_dpnp_report(const std::vector<std::string>& args) {
  PythonRun run;
  const std::string python = report_python();
  std::vector<std::string> argv = {python, "-m", "dpnp_report"};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<std::string> env = child_environment();
  std::vector<char*> argv_pointers = pointers(argv);
  std::vector<char*> env_pointers = pointers(env);
  pid_t child = 0;
  // posix_spawn, not fork: the parent may be an MPI rank holding LibTorch's threads and large
  // allocations, which a fork would duplicate.
  const int failed = posix_spawnp(&child, python.c_str(), nullptr, nullptr, argv_pointers.data(), env_pointers.data());
  if (failed != 0) {
    run.why = fmt::format("cannot start the Python interpreter '{}' ({}); create the project venv with scripts/setup.sh "
                      "--no-build, or set DPNP_REPORT_PYTHON to a python3 with h5py and matplotlib",
                      python, std::strerror(failed));
    return run;
  }
  run.started = true;
  int status = 0;
  while (waitpid(child, &status, 0) < 0) {
    // A stop signal (SIGTERM, SIGUSR1) only sets a flag in dpnp; keep waiting for the child.
    if (errno != EINTR) {
      run.why = fmt::format("lost the Python child process ({})", std::strerror(errno));
      return run;
    }
  }
  if (WIFEXITED(status)) {
    run.exited = true;
    run.code = WEXITSTATUS(status);
  } else {
    run.why = fmt::format("the Python interpreter '{}' was killed by signal {}", python, WTERMSIG(status));
  }
  return run;
}

}  // namespace dpnp::app
