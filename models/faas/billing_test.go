package faas

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"faassim/models/coldstart"
	"faassim/models/dist"
	"faassim/models/keepalive"
	"faassim/models/workload"
	"faassim/sim"
)

type recordingMeter struct{ calls []string }

func span(start, end sim.Time) string {
	if end == sim.Never {
		return fmt.Sprintf("%v-open", start)
	}
	return fmt.Sprintf("%v-%v", start, end)
}

func (m *recordingMeter) Request() { m.calls = append(m.calls, "request") }
func (m *recordingMeter) ExecutionWindowed(start, end, from, to sim.Time, memMB int, prov bool) {
	m.calls = append(m.calls, fmt.Sprintf("execution %s %dMB provisioned=%v", span(start, end), memMB, prov))
}
func (m *recordingMeter) BusyWindowed(start, end, from, to sim.Time, memMB int, vcpu float64, _ bool) {
	m.calls = append(m.calls, fmt.Sprintf("busy %s %dMB %gvCPU", span(start, end), memMB, vcpu))
}
func (m *recordingMeter) InstanceWindowed(born, died, from, to sim.Time, memMB int, vcpu float64) {
	m.calls = append(m.calls, fmt.Sprintf("instance %s in %v-%v %dMB %gvCPU", span(born, died), from, to, memMB, vcpu))
}
func (m *recordingMeter) ProvisionedWindowed(start, end, from, to sim.Time, memMB, n int) {
	m.calls = append(m.calls, fmt.Sprintf("provisioned %s %dMB x%d", span(start, end), memMB, n))
}
func (m *recordingMeter) StorageWindowed(start, end, from, to sim.Time, mb int) {
	m.calls = append(m.calls, fmt.Sprintf("storage %s %dMB", span(start, end), mb))
}

// What each billing model reports for the same tiny run: a request in the
// warm-up (cold, 100 ms init), then two overlapping requests, the first warm
// on instance 1, the second cold (100 ms init) on instance 2, on instances
// of 1024 MB; warm-up 1 s, horizon 10 s. Every interval is reported,
// the warm-up's too: the meter bills the part inside the window, so the
// warm-up's execution costs nothing and is not a request of the window.
func TestBillingReportsUsage(t *testing.T) {
	s, ms := sim.Second, sim.Millisecond
	invs := []workload.Invocation{
		{Arrival: 500 * ms, Duration: 200 * ms},  // in the warm-up
		{Arrival: 2 * s, Duration: 500 * ms},     // reuses instance 1, warm
		{Arrival: 2100 * ms, Duration: 500 * ms}, // overlaps: instance 2, cold
	}
	tests := []struct {
		name string
		bill Billing
		prov int
		want []string
	}{
		{"per invocation with init", Billing{Executions: true, Init: true}, 0, []string{
			"execution 500ms-800ms 1024MB provisioned=false", "request", "request",
			"execution 2s-2.5s 1024MB provisioned=false", "execution 2.1s-2.7s 1024MB provisioned=false"}},
		{"per invocation without init", Billing{Executions: true}, 0, []string{
			"execution 600ms-800ms 1024MB provisioned=false", "request", "request",
			"execution 2s-2.5s 1024MB provisioned=false", "execution 2.2s-2.7s 1024MB provisioned=false"}},
		{"busy periods", Billing{BusyPeriods: true}, 0, []string{
			// instance 2 busy from its cold start: its start included
			"busy 500ms-800ms 1024MB 0.5vCPU", "request", "request", "busy 2s-2.5s 1024MB 0.5vCPU", "busy 2.1s-2.7s 1024MB 0.5vCPU"}},
		{"lifetimes", Billing{Lifetimes: true}, 0, []string{
			// instance 1 born at 0.5 s, expires at 7.5 s; instance 2 born at 2.1 s, expires at 7.7 s
			"request", "request", "instance 500ms-7.5s in 1s-10s 1024MB 0.5vCPU", "instance 2.1s-7.7s in 1s-10s 1024MB 0.5vCPU"}},
		{"provisioned", Billing{Executions: true}, 1, []string{
			"execution 500ms-700ms 1024MB provisioned=true", "request", "request",
			"execution 2s-2.5s 1024MB provisioned=true", "execution 2.2s-2.7s 1024MB provisioned=false",
			"provisioned 0s-open 1024MB x1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := &recordingMeter{}
			tt.bill.Meter = m
			cfg := Config{Warmup: s, Horizon: 10 * s, Billing: tt.bill, Provisioned: tt.prov}
			f := fn("f", dist.Deterministic{Value: 100 * ms})
			f.MemoryMB, f.VCPU = 1024, 0.5
			eng := sim.NewEngine()
			p, err := New(eng, cfg, []Function{f}, keepalive.FixedTTL{TTL: 5 * s}, 1)
			if err != nil {
				t.Fatal(err)
			}
			workload.Feed(eng, &workload.Replay{Invocations: invs}, cfg.Horizon, p.Arrive)
			eng.Run(cfg.Horizon)
			p.Result()
			if !slices.Equal(m.calls, tt.want) {
				t.Errorf("meter calls:\n%q\nwant:\n%q", m.calls, tt.want)
			}
		})
	}
}

// An execution still running at the horizon is reported with its scheduled
// end, and the meter bills the part before the horizon pro rata: a short
// window must not make per-invocation billing look cheaper than per-instance
// billing, nor dearer.
func TestOpenExecutionsReportTheirEnd(t *testing.T) {
	s := sim.Second
	m := &recordingMeter{}
	cfg := Config{Horizon: 10 * s, Billing: Billing{Executions: true, Meter: m}}
	f := fn("f", dist.Deterministic{})
	f.MemoryMB = 512
	eng := sim.NewEngine()
	p, err := New(eng, cfg, []Function{f}, keepalive.Infinite{}, 1)
	if err != nil {
		t.Fatal(err)
	}
	workload.Feed(eng, &workload.Replay{Invocations: []workload.Invocation{{Arrival: 4 * s, Duration: 60 * s}}}, cfg.Horizon, p.Arrive)
	eng.Run(cfg.Horizon)
	p.Result()
	p.Result() // idempotent: billed once
	want := []string{"request", "execution 4s-1m4s 512MB provisioned=false"}
	if !slices.Equal(m.calls, want) {
		t.Errorf("meter calls %q, want %q", m.calls, want)
	}
}

// A cold start in two parts bills only its INIT: 300 ms of platform
// overhead, then 100 ms of INIT, then a 500 ms run: the billed interval is
// the last 600 ms, and the measured run and INIT are 500 and 100 ms.
func TestInitBilledWithoutOverhead(t *testing.T) {
	ms := sim.Millisecond
	parts, err := coldstart.NewParts(dist.Deterministic{Value: 300 * ms}, dist.Deterministic{Value: 100 * ms})
	if err != nil {
		t.Fatal(err)
	}
	for _, billInit := range []bool{true, false} {
		m := &recordingMeter{}
		cfg := Config{Horizon: sim.Second, Billing: Billing{Executions: true, Init: billInit, Meter: m}}
		f := fn("f", nil)
		f.ColdStart, f.MemoryMB = parts, 1024
		_, r := run(t, cfg, []Function{f}, keepalive.Infinite{},
			&workload.Replay{Invocations: []workload.Invocation{{Arrival: 100 * ms, Duration: 500 * ms}}}, 1)
		want := "execution 500ms-1s 1024MB provisioned=false" // the run: 0.5-1.0 s
		if billInit {                                         // INIT from 0.4 s
			want = "execution 400ms-1s 1024MB provisioned=false"
		}
		if got := m.calls; !slices.Equal(got, []string{"request", want}) {
			t.Errorf("init billed %v: meter calls %q, want %q", billInit, got, want)
		}
		// Measured whatever is billed: the run 0.5 s, its INIT 0.1 s, the
		// 0.3 s of overhead in neither.
		if math.Abs(r.RunningSeconds-0.5) > 1e-9 || math.Abs(r.InitSeconds-0.1) > 1e-9 {
			t.Errorf("init billed %v: running %v s, INIT %v s, want 0.5 and 0.1", billInit, r.RunningSeconds, r.InitSeconds)
		}
	}
}

// Requests still queued or running at the horizon are in flight: with the
// other fates they add up to the requests of the window.
func TestInFlightAtTheHorizon(t *testing.T) {
	s := sim.Second
	// One instance at most, queueing: 10 requests of 3 s from 0 s, one a
	// second; by the 10 s horizon 3 have completed (at 4, 7 and 10 s, the
	// first after a 1 s cold start), one runs, 6 wait.
	cfg := Config{Horizon: 10 * s, MaxInstances: 1, OnLimit: Queue}
	var invs []workload.Invocation
	for k := range 10 {
		invs = append(invs, workload.Invocation{Arrival: sim.Time(k) * s, Duration: 3 * s})
	}
	_, r := run(t, cfg, []Function{fn("f", dist.Deterministic{Value: s})}, keepalive.Infinite{}, &workload.Replay{Invocations: invs}, 1)
	if r.Requests != 10 || r.Completed != 3 || r.InFlight != 7 || r.Rejected+r.TimedOut != 0 {
		t.Errorf("requests %d = completed %d + rejected %d + timed out %d + in flight %d; want 10 = 3 + 0 + 0 + 7",
			r.Requests, r.Completed, r.Rejected, r.TimedOut, r.InFlight)
	}
}
