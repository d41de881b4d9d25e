package playground

import (
	"time"

	"faassim/models/metrics"
	"faassim/scenarios"
)

// fnLoad is what the closed forms need of one synthetic function: its
// arrival process and the moments of its duration as measured (before a
// platform's speed factor).
type fnLoad struct {
	Name, App string
	Process   string
	// RatePerS is the long-run mean rate; CV the gaps' coefficient of
	// variation (gamma; 1 for Poisson).
	RatePerS float64
	CV       float64
	// MMPP: the burst rate and the mean lengths of quiet and burst spells.
	BurstRatePerS  float64
	QuietS, BurstS float64
	MeanS, MedianS float64
	HasMedian      bool
	QuietRatePerS  float64
}

// loadsOf reads the synthetic functions of s; nil when the workload is not
// synthetic (a trace's rates are not known in closed form).
func loadsOf(s *scenarios.Scenario) []fnLoad {
	if s == nil || s.Workload.Synthetic == nil {
		return nil
	}
	var out []fnLoad
	for _, f := range s.Workload.Synthetic.Functions {
		l := fnLoad{Name: f.Name, App: f.App, Process: f.Arrival.Process, CV: 1}
		a := f.Arrival
		switch a.Process {
		case "poisson", "deterministic", "diurnal":
			l.RatePerS = a.RatePerS
			if a.Process == "deterministic" {
				l.CV = 0
			}
		case "gamma":
			l.RatePerS, l.CV = a.RatePerS, a.CV
		case "mmpp":
			l.QuietRatePerS, l.BurstRatePerS = a.RatePerS, a.BurstRatePerS
			l.QuietS, l.BurstS = secs(a.QuietMean), secs(a.BurstMean)
			l.RatePerS = a.MMPPMeanRatePerS()
		}
		if len(f.Payloads) == 0 {
			if d, err := f.Duration.Build(); err == nil {
				l.MeanS = d.Mean().Seconds()
				l.MedianS, l.HasMedian = d.Quantile(0.5).Seconds(), true
			}
		} else {
			// A mix of payload classes: the mean is the weighted mean; the
			// median of a mixture has no closed form, so none is claimed.
			var w, m float64
			for _, p := range f.Payloads {
				if d, err := p.Duration.Build(); err == nil {
					w += p.Weight
					m += p.Weight * d.Mean().Seconds()
				}
			}
			if w > 0 {
				l.MeanS = m / w
			}
		}
		out = append(out, l)
	}
	return out
}

func secs(d scenarios.Duration) float64 { return time.Duration(d).Seconds() }

// totalRate is the functions' summed mean rate.
func totalRate(ls []fnLoad) float64 {
	var r float64
	for _, l := range ls {
		r += l.RatePerS
	}
	return r
}

// speedOf is the speed factor a platform ran a function at (1 when the
// settings do not list it).
func speedOf(st *metrics.Settings, name string) float64 {
	if st != nil {
		for _, f := range st.Functions {
			if f.Name == name && f.SpeedFactor > 0 {
				return f.SpeedFactor
			}
		}
	}
	return 1
}

// work is the offered load lambda x E[S] of the functions on a platform, in
// erlangs (busy executions on average), with each duration scaled by the
// platform's speed factor.
func work(ls []fnLoad, st *metrics.Settings) float64 {
	var a float64
	for _, l := range ls {
		a += l.RatePerS * l.MeanS * speedOf(st, l.Name)
	}
	return a
}

// windowS is the measured window of results, in seconds.
func windowS(r metrics.Results) float64 { return r.HorizonS - r.WarmupS }

// platformOf finds a scenario's platform by name.
func platformOf(s *scenarios.Scenario, name string) *scenarios.Platform {
	if s == nil {
		return nil
	}
	for i := range s.Platforms {
		if s.Platforms[i].Name == name {
			return &s.Platforms[i]
		}
	}
	return nil
}

// resultOf finds a platform's results by name.
func resultOf(r metrics.Results, name string) *metrics.Platform {
	for i := range r.Platforms {
		if r.Platforms[i].Name == name {
			return &r.Platforms[i]
		}
	}
	return nil
}
