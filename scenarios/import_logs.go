package scenarios

import (
	"maps"
	"slices"
	"strings"

	"faassim/scenarios/iac"
)

// CalibrateTemplate is import with logs: the deployment file's functions
// (FromTemplate) calibrated on their production logs (Calibrate with the
// imported scenario as its base). Each function with logs gets one entry
// whose durations, arrivals, cold start and keep-alive come from the fit;
// a function triggered by a single schedule and nothing else keeps the
// schedule's exact times as its arrivals. Functions without logs keep
// their placeholders, and functions only the logs have are added.
func CalibrateTemplate(src ReportSource, t *iac.Template, io ImportOptions, opt CalibrateOptions) (*Scenario, Comments, *Calibration, error) {
	opt.defaults()
	cal, err := fitReports(src, opt)
	if err != nil {
		return nil, nil, nil, err
	}
	// Logs name functions as deployed (SERVICE-STAGE-KEY, FunctionName):
	// each calibrated function takes the file's name of its function, so
	// that the fit lands on that function's entry.
	io.Logged = map[string]bool{}
	for i := range cal.Functions {
		fc := &cal.Functions[i]
		for _, f := range t.Functions {
			if f.Named(fc.Name) {
				fc.Name = f.Name
				break
			}
		}
		io.Logged[fc.Name] = true
	}
	base, baseComments, err := FromTemplate(t, io)
	if err != nil {
		return nil, nil, nil, err
	}
	opt.Base, opt.Deployed = base, t.Functions
	s, comments, err := buildCalibrated(cal, opt)
	if err != nil {
		return nil, nil, nil, err
	}
	// The base's comments stand where the fit wrote none: its functions
	// keep their indices (buildCalibrated keeps the base's order and
	// appends the functions only the logs have).
	for _, k := range slices.Sorted(maps.Keys(baseComments)) {
		if _, ok := comments[k]; !ok {
			comments[k] = baseComments[k]
		}
	}
	if s.Workload.Synthetic == nil {
		return s, comments, cal, nil // --arrivals replay: the logs are the workload
	}
	for i := range s.Workload.Synthetic.Functions {
		f := &s.Workload.Synthetic.Functions[i]
		k := slices.IndexFunc(base.Workload.Synthetic.Functions, func(b Function) bool { return b.Name == f.Name })
		if k < 0 || !io.Logged[f.Name] {
			continue
		}
		if b := base.Workload.Synthetic.Functions[k]; b.Trigger == "schedule" {
			key := fnKey(i) + ".arrival"
			fitted := comments[key]
			f.Arrival = b.Arrival
			note := []string{"arrivals: the schedule's exact times, from the deployment file"}
			for _, l := range fitted {
				note = append(note, "(the logs' "+strings.TrimPrefix(l, "arrivals: ")+")")
			}
			comments[key] = note
		}
	}
	return s, comments, cal, nil
}
