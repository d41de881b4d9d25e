package scenarios

import (
	"fmt"
	"slices"
	"strings"
)

// LocalFiles lists, as problems placed at their keys, the fields of the
// scenario that read a file from this machine's disk when it runs: the
// trace's dir, path and paths (unless they name an embedded trace,
// "example:NAME") and workload.functions_from. A scenario sent elsewhere
// to run (a batch engine's container, another host) carries none of these
// files; the caller says what to do about them.
func (s *Scenario) LocalFiles() Problems {
	var probs Problems
	local := func(path, file string) {
		if file != "" && !isExampleTrace(file) {
			probs = append(probs, s.problemAt(path, "reads the file %q from this machine's disk", file))
		}
	}
	if t := s.Workload.Trace; t != nil {
		local("workload.trace.dir", t.Dir)
		local("workload.trace.path", t.Path)
		for i, p := range t.Paths {
			local(fmt.Sprintf("workload.trace.paths[%d]", i), p)
		}
	}
	if f := s.Workload.FunctionsFrom; f != "" {
		// Never embedded: an example's functions_from is read from disk too.
		probs = append(probs, s.problemAt("workload.functions_from", "reads the file %q from this machine's disk", f))
	}
	return probs
}

// LocalFileKeys are the YAML paths, as --set keys, of the fields that read
// a file from this machine's disk (see LocalFiles). Setting any of them
// (or a mapping holding one) from an untrusted source, such as the
// playground's page, would read an arbitrary file while the scenario
// loads: workload.functions_from is read by the loader itself.
var LocalFileKeys = []string{"workload.trace.dir", "workload.trace.path", "workload.trace.paths", "workload.functions_from"}

// ReadsLocalFile reports whether a --set key can write a field that reads
// a file: it equals one of LocalFileKeys, is an ancestor of one (a mapping
// set there may hold it: "workload", "workload.trace") or lies under one
// ("workload.trace.paths.0"); file names that field. Elements are compared
// without surrounding spaces and case, so that no spelling slips past a
// decoder more lenient than this check.
func ReadsLocalFile(key string) (file string, ok bool) {
	segs := strings.Split(strings.TrimSpace(key), ".")
	for i := range segs {
		segs[i] = strings.ToLower(strings.TrimSpace(segs[i]))
	}
	for _, lf := range LocalFileKeys {
		ls := strings.Split(lf, ".")
		n := min(len(ls), len(segs))
		if slices.Equal(ls[:n], segs[:n]) {
			return lf, true
		}
	}
	return "", false
}
