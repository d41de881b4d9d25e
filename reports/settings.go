package reports

import (
	"fmt"
	"math"
	"strings"

	"faassim/models/metrics"
)

// asRun says in one line how a platform ran, from its resolved settings:
// the preset, the keep-alive or the fleet, and each function's memory and
// duration factor (x0.5: twice as fast as measured), the choices that move
// a comparison most. "" when the results carry no settings (older files).
func asRun(p metrics.Platform) string {
	st := p.Settings
	if st == nil {
		return ""
	}
	parts := []string{st.Preset}
	if r := st.Replica; r != nil {
		scaling, _, _ := strings.Cut(st.Scaling, ", HPA-like") // the sync details are in the assumptions
		parts = append(parts, fmt.Sprintf("%g vCPU %g GB x %d %s, %s", r.VCPU, r.MemoryGB, r.Slots, plural(r.Slots, "slot", "slots"), scaling))
	} else {
		parts = append(parts, st.KeepAlive)
	}
	if st.FunctionsTotal > len(st.Functions) || len(st.Functions) > 4 {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, f := range st.Functions {
			lo, hi = math.Min(lo, f.SpeedFactor), math.Max(hi, f.SpeedFactor)
		}
		parts = append(parts, fmt.Sprintf("%d functions, durations %s", st.FunctionsTotal, factorRange(lo, hi)))
	} else {
		for _, f := range st.Functions {
			fn := f.Name
			if f.MemoryMB > 0 {
				fn += fmt.Sprintf(" %d MB", f.MemoryMB)
			}
			parts = append(parts, fmt.Sprintf("%s x%.3g", fn, f.SpeedFactor))
		}
	}
	if st.InitialInstances != "" {
		parts = append(parts, "starting with "+st.InitialInstances)
	}
	return strings.Join(parts, ", ")
}

// factorRange is a range of duration factors: "x1" when they are all the
// same (a population replayed as measured), not "x1 to x1".
func factorRange(lo, hi float64) string {
	a, b := fmt.Sprintf("x%.3g", lo), fmt.Sprintf("x%.3g", hi)
	if a == b {
		return a
	}
	return a + " to " + b
}

// plural picks the word for n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
