package workload

import (
	"testing"
	"time"

	"faassim/models/dist"
	"faassim/sim"
)

// benchSources are one-function synthetic sources, one per arrival process
// and duration kind issue 10 added: each Next is one invocation of the
// simulation's hot path.
func benchSources(tb testing.TB) map[string]func() *Synthetic {
	large, err := dist.NewExponential(sim.Second)
	if err != nil {
		tb.Fatal(err)
	}
	pay, err := NewPayloads([]PayloadClass{
		{Name: "small", Weight: 4, Duration: dist.Deterministic{Value: 50 * sim.Millisecond}},
		{Name: "large", Weight: 1, Duration: large},
	})
	if err != nil {
		tb.Fatal(err)
	}
	// Every minute of 09:00-17:59 on Monday to Friday, any year: the
	// nights and weekends make After skip hours and days.
	weekdays := &CronSchedule{Minutes: 1<<60 - 1, Hours: 0x3fe00, Months: 0x1ffe, DayOfWeek: true, Weekdays: 0x7c}
	weekdays.Years = [4]uint64{^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0)}
	one := func(a Arrivals, d dist.Dist) func() *Synthetic {
		return func() *Synthetic {
			src, err := NewSynthetic(1, []Function{{Name: "f"}}, []Stream{{Arrivals: a, Duration: d}})
			if err != nil {
				tb.Fatal(err)
			}
			return src
		}
	}
	det := dist.Deterministic{Value: sim.Second}
	return map[string]func() *Synthetic{
		"gamma-cv0.5": one(Gamma{RatePerS: 10, CV: 0.5}, det),
		"gamma-cv2":   one(Gamma{RatePerS: 10, CV: 2}, det),
		"cron":        one(&Cron{Schedule: weekdays, Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}, det),
		"payloads":    one(Poisson{RatePerS: 10}, pay),
	}
}

func BenchmarkNext(b *testing.B) {
	for name, mk := range benchSources(b) {
		b.Run(name, func(b *testing.B) {
			src := mk()
			var inv Invocation
			b.ReportAllocs()
			for b.Loop() {
				if !src.Next(&inv) {
					b.Fatal("source ran dry")
				}
			}
		})
	}
}

// An invocation costs no allocation: the simulation draws millions.
func TestNextAllocationFree(t *testing.T) {
	for name, mk := range benchSources(t) {
		src := mk()
		var inv Invocation
		if n := testing.AllocsPerRun(1000, func() { src.Next(&inv) }); n != 0 {
			t.Errorf("%s: %v allocations an invocation, want 0", name, n)
		}
	}
}
