package trace

import (
	"errors"
	"io/fs"

	"faassim/sim"
)

// FormatLambdaReport is AWS Lambda's REPORT log lines, in the forms users
// export: plain lines (bare, or with the prefix of `aws logs tail` or `sam
// logs`), `aws logs filter-log-events --output json`, CloudWatch Logs
// Insights CSV and Telemetry API platform.report JSON.
const FormatLambdaReport = "lambda-report"

// LambdaReport is one invocation as a REPORT line tells it.
type LambdaReport struct {
	File string
	Line int // 1-based line (JSON: the line where the event starts)
	// Function is the function's name: from the export when it says, else
	// LambdaOptions.Function, else the file's base name without extension.
	Function  string
	RequestID string
	// End is the REPORT's timestamp, the end of the invocation, in ns
	// since the Unix epoch; HasTime is false for a bare line, which can be
	// used for durations but not replayed.
	End     int64
	HasTime bool
	// Duration excludes INIT; Billed is what was billed (AWS 1 ms).
	Duration, Billed sim.Time
	MemorySizeMB     int
	MaxMemoryUsedMB  int
	// Init is the Init Duration of a cold start (0 when warm); Restore and
	// BilledRestore are SnapStart's restore phase.
	Init, Restore, BilledRestore sim.Time
	// Cold is true when the line reports an Init or a Restore Duration.
	Cold bool
	// Status is "" for success, else as written lower-cased ("timeout",
	// "error").
	Status string
}

// Arrival is when the request arrived, in ns since the Unix epoch:
// End - Duration - Init - Restore.
func (r *LambdaReport) Arrival() int64 {
	return r.End - int64(r.Duration) - int64(r.Init) - int64(r.Restore)
}

// LambdaOptions say which logs to read.
type LambdaOptions struct {
	// Paths are files or globs, read in order; a glob that matches nothing
	// is an error.
	Paths []string
	// Function names the function of every record whose export does not.
	Function string
	FS       fs.FS // when set, Paths are names in it
	// MaxFunctions bounds distinct functions (0: the package's bound).
	MaxFunctions int
}

// LambdaStats counts what ReadLambdaReports read.
type LambdaStats struct {
	Lines, Reports, Bare int
	// Malformed counts lines that look like REPORT lines (or rows and
	// events of the export) but could not be read; MalformedAt lists the
	// first of them as "FILE:LINE: field: reason".
	Malformed   int
	MalformedAt []string
	// Forms counts the files by the form detected: plain, tail, sam-logs,
	// filter-log-events, insights-csv, telemetry.
	Forms map[string]int
}

// ReadLambdaReports calls fn for each REPORT record of the files, file by
// file in file order and within a file in file order (not arrival order).
// Lines that are not REPORT lines (START, END, application output) are
// skipped and counted only in Lines.
func ReadLambdaReports(opt LambdaOptions, fn func(*LambdaReport) error) (LambdaStats, error) {
	return LambdaStats{}, errors.New("trace: lambda-report is not written yet")
}
