// berth: see src/app/cli.h for the commands.
#include "app/cli.h"

int main(int argc, char** argv) { return berth::app::RunCli(argc, argv); }
