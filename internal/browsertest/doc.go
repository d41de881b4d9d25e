// Package browsertest finds the browser that faassim's browser checks run
// (Debian's chromium, which .ci/run installs) and skips them loudly when
// there is none, so that a skipped check is never taken for a passed one.
// It is imported by tests only.
package browsertest
