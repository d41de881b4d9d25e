package faas

import (
	"fmt"
	"slices"
	"testing"

	"faassim/models/dist"
	"faassim/models/keepalive"
	"faassim/models/workload"
	"faassim/sim"
)

type recordingMeter struct{ calls []string }

func (m *recordingMeter) Request() { m.calls = append(m.calls, "request") }
func (m *recordingMeter) Execution(run sim.Time, memMB int, prov bool) {
	m.calls = append(m.calls, fmt.Sprintf("execution %v %dMB provisioned=%v", run, memMB, prov))
}
func (m *recordingMeter) Busy(d sim.Time, memMB int, vcpu float64, _ bool) {
	m.calls = append(m.calls, fmt.Sprintf("busy %v %dMB %gvCPU", d, memMB, vcpu))
}
func (m *recordingMeter) InstanceWindowed(born, died, from, to sim.Time, memMB int, vcpu float64) {
	m.calls = append(m.calls, fmt.Sprintf("instance %v-%v in %v-%v %dMB %gvCPU", born, died, from, to, memMB, vcpu))
}
func (m *recordingMeter) Provisioned(d sim.Time, memMB, n int) {
	m.calls = append(m.calls, fmt.Sprintf("provisioned %v %dMB x%d", d, memMB, n))
}
func (m *recordingMeter) Storage(d sim.Time, mb int) {
	m.calls = append(m.calls, fmt.Sprintf("storage %v %dMB", d, mb))
}

// What each billing model reports for the same tiny run: two overlapping
// requests, the first cold (100 ms init), on instances of 1024 MB; a warm-up
// of 1 s hides the request that arrives at 0.5 s; the horizon cuts the
// second instance's life.
func TestBillingReportsUsage(t *testing.T) {
	s, ms := sim.Second, sim.Millisecond
	invs := []workload.Invocation{
		{Arrival: 500 * ms, Duration: 200 * ms},  // in the warm-up: not billed
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
			"request", "request", "execution 500ms 1024MB provisioned=false", "execution 600ms 1024MB provisioned=false"}},
		{"per invocation without init", Billing{Executions: true}, 0, []string{
			"request", "request", "execution 500ms 1024MB provisioned=false", "execution 500ms 1024MB provisioned=false"}},
		{"busy periods", Billing{BusyPeriods: true}, 0, []string{
			// instance 1 busy 2.0-2.5 s; instance 2 busy 2.1-2.7 s, its start included
			"request", "request", "busy 500ms 1024MB 0.5vCPU", "busy 600ms 1024MB 0.5vCPU"}},
		{"lifetimes", Billing{Lifetimes: true}, 0, []string{
			// instance 1 born at 0.5 s: billed from the warm-up's end (1 s) to its expiry at 7.5 s;
			// instance 2 born at 2.1 s, expires at 7.7 s
			"request", "request", "instance 500ms-7.5s in 1s-10s 1024MB 0.5vCPU", "instance 2.1s-7.7s in 1s-10s 1024MB 0.5vCPU"}},
		{"provisioned", Billing{Executions: true}, 1, []string{
			"request", "request", "execution 500ms 1024MB provisioned=true", "execution 500ms 1024MB provisioned=false",
			"provisioned 9s 1024MB x1"}},
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

// An execution still running at the horizon is billed up to it, as its
// request fee is: a short window must not make per-invocation billing look
// cheaper than per-instance billing.
func TestOpenExecutionsBilledToTheHorizon(t *testing.T) {
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
	want := []string{"request", "execution 6s 512MB provisioned=false"}
	if !slices.Equal(m.calls, want) {
		t.Errorf("meter calls %q, want %q", m.calls, want)
	}
}
