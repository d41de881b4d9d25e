package scenarios

import "fmt"

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
