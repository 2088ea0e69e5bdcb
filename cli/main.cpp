// The mapcheck command: parses the command line (CLI11) and dispatches to a subcommand.
// The only code that links every library.
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/version.h"

int main(int argc, char** argv) {
  CLI::App app{"mapcheck: a deterministic model checker for Go map protocols", "mapcheck"};
  app.set_version_flag("--version", std::string("mapcheck ") + mapcheck::cli::kVersion);
  app.require_subcommand(1);
  app.fallthrough(false);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 prints usage for --help (exit 0); any other parse error is a usage error: exit 2.
    const int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  return 0;
}
