#include "command_line.hpp"

namespace dpnp::app {

namespace {

std::string& stored() {
  static std::string line;
  return line;
}

// Single quotes as a POSIX shell reads them, so the line can be pasted back.
std::string quoted(const std::string& word) {
  if (!word.empty() && word.find_first_of(" \t\n'\"\\$`*?[]{}()<>|&;#~") == std::string::npos) return word;
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

void remember_command_line(int argc, char** argv) {
  std::string line;
  for (int i = 0; i < argc; ++i) line += (i ? " " : "") + quoted(argv[i]);
  stored() = line;
}

const std::string& remembered_command_line() { return stored(); }

}  // namespace dpnp::app
