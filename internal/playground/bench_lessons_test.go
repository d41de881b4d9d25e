package playground

import (
	"context"
	"slices"
	"testing"
	"time"

	"faassim/scenarios"
	"faassim/sim"
)

// BenchmarkOfferedAtTop runs each offered example as the playground does
// (its horizon, a timeline of about 400 points), as it is ("base") and
// ("top") with every function's rate
// at the top of the rate control, all scaled together as the page does,
// and every burst rate at the top of its control: the slowest update a
// student can ask for with those controls, which the horizons in
// playground.yaml were chosen to keep within a second.
func BenchmarkOfferedAtTop(b *testing.B) {
	m, err := loadManifest()
	if err != nil {
		b.Fatal(err)
	}
	for _, o := range m.Examples {
		base, err := loadState(o.Name, o.Sets)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(o.Name+"/base", func(b *testing.B) { benchRun(b, base) })
		b.Run(o.Name+"/top", func(b *testing.B) {
			sets := slices.Clone(o.Sets)
			for _, c := range Controls(base, base) {
				if c.ID != ControlRate && c.ID != ControlBurstRate {
					continue
				}
				top := 0.0
				for _, t := range c.Targets {
					top = max(top, t.Base)
				}
				for _, t := range c.Targets {
					sets = append(sets, writes(c, t, t.Base*c.Max/top, "")...)
				}
			}
			s, err := loadState(o.Name, sets)
			if err != nil {
				b.Fatal(err)
			}
			benchRun(b, s)
		})
	}
}

func benchRun(b *testing.B, s *scenarios.Scenario) {
	opt := scenarios.Options{Timeline: sim.FromDuration(time.Duration(s.Horizon) / 400)}
	for b.Loop() {
		if _, err := scenarios.Run(context.Background(), s, opt); err != nil {
			b.Fatal(err)
		}
	}
}
