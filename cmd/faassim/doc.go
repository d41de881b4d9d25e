// Command faassim predicts the latency and cost of a workload on serverless
// platforms, side by side. Run without arguments it simulates the embedded
// default scenario and prints a comparison table; "faassim help" lists the
// commands, and "faassim COMMAND --help" each command's flags.
//
// main only runs run(args, stdout, stderr) under signal handling
// (runMain) and maps its error to an exit status: 0 on success, 2 for bad
// input (flags, scenario and results files), 1 for the environment
// (permissions, a full disk, a missing directory), 3 for a check that ran
// and failed, 130 when interrupted. Results go to stdout, errors to
// stderr; -o and --out never leave a partial file (see sink.go).
package main
