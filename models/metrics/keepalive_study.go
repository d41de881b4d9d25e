package metrics

import (
	"strings"
	"time"

	"faassim/internal/duration"
)

// KeepAliveStudy compares the keep-alive policies of a run's FaaS platforms
// in the manner of Figure 15 of Shahrad et al. ("Serverless in the Wild",
// USENIX ATC 2020): each policy's third-quartile per-application cold-start
// percentage against its wasted memory-time, normalised to a baseline
// policy's. Renderers (the HTML report's chart and table) build it with
// NewKeepAliveStudy, so that they all pick the same baseline.
type KeepAliveStudy struct {
	Points []StudyPoint
	// Baseline indexes Points: the platform whose keep-alive is a fixed
	// 10 minutes (the paper's reference), or the first one when none is;
	// FixedTenMinutes says which.
	Baseline        int
	FixedTenMinutes bool
	// Normalised is false when the baseline wasted no memory: then
	// WastedRel cannot be formed, and readers show GB-s.
	Normalised bool
}

// StudyPoint is one FaaS platform of a keep-alive study.
type StudyPoint struct {
	Platform  string
	Index     int    // in Results.Platforms: the platform's colour in charts
	KeepAlive string // its settings' keep-alive, "" when not recorded
	Apps      int    // applications counted in the percentiles
	WastedGBS float64
	// WastedRel is WastedGBS over the baseline's (1 for the baseline).
	WastedRel     float64
	P50, P75, P90 float64 // per-app cold-start %, as in Apps.ColdStartPct
}

// X is the point's wasted memory on the study's x axis: relative to the
// baseline's when the study is normalised, GB-s otherwise.
func (s *KeepAliveStudy) X(i int) float64 {
	if s.Normalised {
		return s.Points[i].WastedRel
	}
	return s.Points[i].WastedGBS
}

// Dominates reports whether point a is at least as good as b on both axes
// (wasted memory and third-quartile cold starts) and better on one: lower
// and to the left.
func (s *KeepAliveStudy) Dominates(a, b int) bool {
	pa, pb := s.Points[a], s.Points[b]
	return pa.WastedGBS <= pb.WastedGBS && pa.P75 <= pb.P75 && (pa.WastedGBS < pb.WastedGBS || pa.P75 < pb.P75)
}

// NewKeepAliveStudy returns the study of r's FaaS platforms that carry
// per-app statistics (faassim run --per-app), in the results' order; nil
// when fewer than two do, as there is nothing to compare.
func NewKeepAliveStudy(r Results) *KeepAliveStudy {
	s := &KeepAliveStudy{}
	for i, p := range r.Platforms {
		if p.Kind == "container" || p.Apps == nil {
			continue
		}
		pt := StudyPoint{Platform: p.Name, Index: i, Apps: p.Apps.Count, WastedGBS: p.Apps.WastedMemoryGBS,
			P50: p.Apps.ColdStartPct.P50, P75: p.Apps.ColdStartPct.P75, P90: p.Apps.ColdStartPct.P90}
		if p.Settings != nil {
			pt.KeepAlive = p.Settings.KeepAlive
		}
		if !s.FixedTenMinutes && isFixedTenMinutes(pt.KeepAlive) {
			s.Baseline, s.FixedTenMinutes = len(s.Points), true
		}
		s.Points = append(s.Points, pt)
	}
	if len(s.Points) < 2 {
		return nil
	}
	base := s.Points[s.Baseline].WastedGBS
	s.Normalised = base > 0
	for i := range s.Points {
		if s.Normalised {
			s.Points[i].WastedRel = s.Points[i].WastedGBS / base
		}
	}
	return s
}

// isFixedTenMinutes reads a fixed TTL of 10 minutes from a platform's
// settings ("keep-alive 10m", however the duration is written).
func isFixedTenMinutes(keepAlive string) bool {
	ttl, ok := strings.CutPrefix(keepAlive, "keep-alive ")
	if !ok {
		return false
	}
	d, err := duration.Parse(strings.TrimSpace(ttl))
	return err == nil && d == 10*time.Minute
}
