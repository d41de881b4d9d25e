// Command faassim predicts the latency and cost of a workload on serverless
// platforms, side by side. Run without arguments it simulates the embedded
// default scenario and prints a comparison table; "faassim help" lists the
// commands, and "faassim COMMAND --help" each command's flags.
//
// main only maps the error of run(args, stdout, stderr) to an exit status:
// 0 on success, 2 for bad input (flags, scenario files), 1 otherwise.
// Results go to stdout, errors to stderr, and -o writes a file atomically.
package main
