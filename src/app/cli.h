#pragma once
// The `berth` command line:
//   berth serve [--listen ADDR:PORT] [--data-dir DIR] [--threads N] [--access-log -|off|FILE]
//   berth user create NAME [--data-dir DIR]   prints the new user's key (credentials format)
//   berth user list [--data-dir DIR]

namespace berth::app {

// Parses argv and runs the chosen command; returns the process exit status.
int RunCli(int argc, char** argv);

}  // namespace berth::app
