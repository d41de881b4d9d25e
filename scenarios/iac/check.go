package iac

import (
	"fmt"
	"strconv"
	"strings"
)

// reader holds what one Parse call has read so far.
type reader struct {
	file   string
	opt    Options
	root   *node
	t      *Template
	warned map[string]bool // warnings already given, by path and reason
	// steps counts the ${...} variables resolved and the intrinsic
	// functions evaluated (see vars.go, eval.go).
	steps int
	at    loc // the setting being read, for eval's warnings
}

func (p *reader) warn(line int, path, format string, args ...any) {
	reason := fmt.Sprintf(format, args...)
	if key := path + "\x00" + reason; !p.warned[key] {
		p.warned[key] = true
		p.t.Warnings = append(p.t.Warnings, Problem{Line: line, Path: path, Reason: reason})
	}
}

func (p *reader) problem(at loc, format string, args ...any) {
	p.t.Problems = append(p.t.Problems, Problem{Line: at.line, Path: at.path, Reason: fmt.Sprintf(format, args...)})
}

// loc is where a setting came from: the function's own key, or the
// provider's or Globals' one it inherited.
type loc struct {
	line int
	path string
}

// origins are the locations of a function's settings, for problems.
type origins struct {
	fn                                                                   loc
	runtime, memory, timeout, arch, ephemeral, snap, provision, reserved loc
}

// Lambda's limits (docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html):
// memory 128-10,240 MB, timeout up to 900 s (15 minutes); ephemeral storage
// 512-10,240 MB (docs.aws.amazon.com/lambda/latest/dg/API_EphemeralStorage.html).
const (
	minMemoryMB    = 128
	maxMemoryMB    = 10_240
	maxTimeoutS    = 900
	minEphemeralMB = 512
	maxEphemeralMB = 10_240
)

// finish sets a function's Family and reports its impossible settings.
func (p *reader) finish(f *Function, at *origins) {
	f.Family = p.family(f, at)
	if f.MemoryMB < minMemoryMB || f.MemoryMB > maxMemoryMB {
		p.problem(at.memory, "memory %d MB is outside Lambda's 128-10,240 MB", f.MemoryMB)
	}
	if s := f.Timeout.Seconds(); s < 1 || s > maxTimeoutS {
		p.problem(at.timeout, "timeout %v is outside Lambda's 1-900 s", f.Timeout)
	}
	if f.EphemeralStorageMB < minEphemeralMB || f.EphemeralStorageMB > maxEphemeralMB {
		p.problem(at.ephemeral, "ephemeral storage %d MB is outside Lambda's 512-10,240 MB", f.EphemeralStorageMB)
	}
	if f.Architecture != "x86_64" && f.Architecture != "arm64" {
		p.problem(at.arch, "architecture %q: Lambda has x86_64 and arm64", f.Architecture)
	}
	if f.ReservedConcurrency != nil && *f.ReservedConcurrency < 0 {
		p.problem(at.reserved, "reserved concurrency %d is negative", *f.ReservedConcurrency)
	}
	if f.ProvisionedConcurrency < 0 {
		p.problem(at.provision, "provisioned concurrency %d is negative", f.ProvisionedConcurrency)
	}
	if !f.SnapStart {
		return
	}
	// SnapStart's limits, from "Improving startup performance with Lambda
	// SnapStart" (docs.aws.amazon.com/lambda/latest/dg/snapstart.html,
	// "Supported features and limitations"): managed runtimes Java 11 and
	// later, Python 3.12 and later, .NET 8 and later only (no OS-only
	// runtimes, no container images); no provisioned concurrency, no EFS,
	// no ephemeral storage above 512 MB.
	switch {
	case f.PackageType == "Image":
		p.problem(at.snap, "SnapStart does not support container images")
	case !snapStartRuntime(f.Runtime):
		p.problem(at.snap, "SnapStart supports Java 11+, Python 3.12+ and .NET 8+ managed runtimes, not %q", f.Runtime)
	}
	if f.ProvisionedConcurrency > 0 {
		p.problem(at.snap, "SnapStart cannot be used with provisioned concurrency (%d set at line %d)", f.ProvisionedConcurrency, at.provision.line)
	}
	if f.EphemeralStorageMB > minEphemeralMB {
		p.problem(at.snap, "SnapStart does not support ephemeral storage above 512 MB (%d MB)", f.EphemeralStorageMB)
	}
}

// snapStartRuntime reports a managed runtime SnapStart supports.
func snapStartRuntime(rt string) bool {
	atLeast := func(prefix string, min int) bool {
		v, ok := strings.CutPrefix(rt, prefix)
		if !ok {
			return false
		}
		v, _, _ = strings.Cut(v, ".") // java17, java8.al2, dotnet8
		n, err := strconv.Atoi(v)
		return err == nil && n >= min
	}
	return atLeast("java", 11) || atLeast("python3.", 12) || atLeast("dotnet", 8)
}

// Families with cold-start figures in faassim (models/coldstart).
const (
	familyPython    = "python"
	familyNodeJS    = "nodejs"
	familyGo        = "go"
	familyJava      = "java"
	familyContainer = "container"
)

// family maps a runtime to the faassim runtime whose cold-start figures it
// takes, warning where that is a substitute.
func (p *reader) family(f *Function, at *origins) string {
	rt := f.Runtime
	switch {
	case f.PackageType == "Image":
		return familyContainer
	case strings.HasPrefix(rt, "python"):
		return familyPython
	case strings.HasPrefix(rt, "nodejs"):
		return familyNodeJS
	case strings.HasPrefix(rt, "java"):
		return familyJava
	case rt == "go1.x":
		return familyGo
	case strings.HasPrefix(rt, "provided"):
		// An OS-only runtime runs a compiled bootstrap: Go (go1.x's
		// replacement) or Rust, both native binaries.
		p.warn(at.runtime.line, at.runtime.path, "custom runtime %s taken as go (a native binary, as Go and Rust functions are on OS-only runtimes): its cold start uses go's figures", rt)
		return familyGo
	case strings.HasPrefix(rt, "dotnet"):
		// .NET is, like Java, a JIT-compiled managed runtime loading its
		// framework at start.
		p.warn(at.runtime.line, at.runtime.path, "faassim has no cold-start figures for %s: java's used (both JIT-compiled managed runtimes); set the function's cold start to measure it", rt)
		return familyJava
	case strings.HasPrefix(rt, "ruby"):
		p.warn(at.runtime.line, at.runtime.path, "faassim has no cold-start figures for %s: python's used (both interpreted); set the function's cold start to measure it", rt)
		return familyPython
	case rt == "":
		p.warn(at.fn.line, at.fn.path, "no runtime given: nodejs taken (its cold-start figures); write the runtime")
		return familyNodeJS
	}
	// The slowest published figure, so an unknown runtime errs on the slow side.
	p.warn(at.runtime.line, at.runtime.path, "unknown runtime %q: container's cold-start figures used (the slowest faassim has)", rt)
	return familyContainer
}
