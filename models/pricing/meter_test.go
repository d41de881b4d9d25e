package pricing

import (
	"math"
	"testing"

	"faassim/sim"
)

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

// TestMeterUsage feeds one small scenario per model and checks the totals
// against hand-computed values.
func TestMeterUsage(t *testing.T) {
	ms := sim.Millisecond
	tests := []struct {
		sheet string
		feed  func(m *Meter)
		want  Usage
	}{
		{"aws-lambda-x86-us-east-1", func(m *Meter) {
			m.Request()
			m.Execution(120*ms+1, 1024, false) // 121 ms x 1 GB
			m.Storage(120*ms+1, 1024)          // 512 MB above the free 512 MB
		}, Usage{Requests: 1, GBSeconds: 0.121, StorageGBSeconds: 0.0605}},
		{"gcp-cloud-functions-gen1-tier1", func(m *Meter) {
			m.Execution(260*ms, 256, false) // 300 ms x 0.25 GB and x 0.4 GHz
			m.Execution(100*ms, 300, false) // 100 ms x 300 MB and x 0.8 GHz (next size up, 512 MB)
		}, Usage{GBSeconds: 0.075 + 0.1*300.0/1024, GHzSeconds: 0.12 + 0.08}},
		{"gcp-cloud-run-request-tier1", func(m *Meter) {
			m.Busy(150*ms, 512, 1, false) // 200 ms
		}, Usage{GBSeconds: 0.1, VCPUSeconds: 0.2}},
		{"azure-functions-flex", func(m *Meter) {
			m.Busy(300*ms, 2048, 1, false)   // 1,000 ms minimum, memory only
			m.Provisioned(sim.Hour, 2048, 1) // always ready
			m.Busy(1050*ms, 2048, 1, true)   // 1,100 ms on it
		}, Usage{GBSeconds: 2, ProvisionedGBSeconds: 7200, ProvisionedExecGBSeconds: 2.2}},
		{"aws-fargate-x86-us-east-1", func(m *Meter) {
			m.Instance(10*sim.Second, 2048, 0.5) // 1-minute minimum
			m.Busy(5*sim.Second, 2048, 0.5, false)
		}, Usage{GBSeconds: 120, VCPUSeconds: 30, InstanceSeconds: 60, BusyTracked: true,
			BusyGBSeconds: 10, BusyVCPUSeconds: 2.5, BusyInstanceSeconds: 5}},
		{"aws-ec2-m7g-large-us-east-1", func(m *Meter) {
			m.Instance(90*sim.Second+1, 0, 0) // 91 s
		}, Usage{InstanceSeconds: 91}},
	}
	for _, tt := range tests {
		m := NewMeter(mustLookup(t, tt.sheet))
		tt.feed(m)
		got := m.Usage()
		ok := got.Requests == tt.want.Requests && got.BusyTracked == tt.want.BusyTracked
		for _, p := range [][2]float64{
			{got.GBSeconds, tt.want.GBSeconds}, {got.GHzSeconds, tt.want.GHzSeconds},
			{got.VCPUSeconds, tt.want.VCPUSeconds}, {got.InstanceSeconds, tt.want.InstanceSeconds},
			{got.BusyGBSeconds, tt.want.BusyGBSeconds}, {got.BusyVCPUSeconds, tt.want.BusyVCPUSeconds},
			{got.BusyInstanceSeconds, tt.want.BusyInstanceSeconds},
			{got.ProvisionedGBSeconds, tt.want.ProvisionedGBSeconds},
			{got.ProvisionedExecGBSeconds, tt.want.ProvisionedExecGBSeconds},
			{got.StorageGBSeconds, tt.want.StorageGBSeconds},
		} {
			ok = ok && near(p[0], p[1])
		}
		if !ok {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.sheet, got, tt.want)
		}
	}
}

// TestMeterNoOverflow: 100 M invocations x 10,240 MB x 900 s (the largest
// Lambda function running flat out) fits the integer accumulators exactly.
func TestMeterNoOverflow(t *testing.T) {
	m := NewMeter(mustLookup(t, "aws-lambda-x86-us-east-1"))
	m.Executions(100_000_000, 900*sim.Second, 10240, false)
	if got, want := m.Usage().GBSeconds, 1e8*10*900.0; got != want {
		t.Errorf("GBSeconds = %v, want %v", got, want)
	}
}

// TestMeterMisuse: a call that does not fit the sheet's model panics.
func TestMeterMisuse(t *testing.T) {
	tests := []struct {
		sheet string
		call  func(m *Meter)
	}{
		{"aws-lambda-x86-us-east-1", func(m *Meter) { m.Busy(sim.Second, 128, 1, false) }},
		{"aws-lambda-x86-us-east-1", func(m *Meter) { m.Instance(sim.Second, 128, 1) }},
		{"aws-lambda-x86-us-east-1", func(m *Meter) { m.Execution(-1, 128, false) }},
		{"azure-functions-consumption-eastus", func(m *Meter) { m.Execution(sim.Second, 128, true) }},
		{"azure-functions-consumption-eastus", func(m *Meter) { m.Provisioned(sim.Hour, 128, 1) }},
		{"gcp-cloud-run-request-tier1", func(m *Meter) { m.Execution(sim.Second, 128, false) }},
		{"gcp-cloud-run-request-tier1", func(m *Meter) { m.Busy(sim.Second, 128, 1, true) }},
		{"azure-functions-flex", func(m *Meter) { m.Storage(sim.Second, 1024) }},
		{"aws-fargate-x86-us-east-1", func(m *Meter) { m.Busy(sim.Second, 128, 1, true) }},
		{"aws-ec2-m7g-large-us-east-1", func(m *Meter) { m.Provisioned(sim.Hour, 128, 1) }},
		{"aws-ec2-m7g-large-us-east-1", func(m *Meter) { m.StorageWindowed(0, sim.Hour, 0, sim.Hour, 30*1024) }},
		{"aws-lambda-x86-us-east-1", func(m *Meter) { m.Cluster(sim.Hour, 1) }},
		{"aws-eks-us-east-1", func(m *Meter) { m.Instance(sim.Hour, 0, 0) }},
		{"aws-eks-us-east-1", func(m *Meter) { m.Cluster(sim.Hour, -1) }},
		{"aws-fargate-x86-us-east-1", func(m *Meter) { m.StorageWindowed(sim.Hour, 0, 0, sim.Hour, 30*1024) }},
	}
	for _, tt := range tests {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", tt.sheet)
				}
			}()
			tt.call(NewMeter(mustLookup(t, tt.sheet)))
		}()
	}
}

// TestBillIdleSplit: instance models put the cost of instance time with no
// request in flight on the Idle line when busy time was metered.
func TestBillIdleSplit(t *testing.T) {
	s := mustLookup(t, "aws-fargate-x86-us-east-1")
	m := NewMeter(s)
	m.Instance(sim.Hour, 2048, 1)
	m.Busy(15*sim.Minute, 2048, 1, false)
	win, _ := s.Bill(m.Usage(), sim.Hour, DefaultMonth, false)
	full := 0.04048 + 2*0.004445 // one hour of 1 vCPU and 2 GB
	if !near(win.Total, full) || !near(win.Compute, full/4) || !near(win.Idle, full*3/4) {
		t.Errorf("got %+v, want total %v split 1/4 compute, 3/4 idle", win, full)
	}
	// Without busy time everything is Compute.
	m = NewMeter(s)
	m.Instance(sim.Hour, 2048, 1)
	if win, _ := s.Bill(m.Usage(), sim.Hour, DefaultMonth, false); win.Idle != 0 || !near(win.Compute, full) {
		t.Errorf("untracked busy: got %+v", win)
	}
	// EC2: one m7g.xlarge node for an hour, busy half of it.
	ec2 := mustLookup(t, "aws-ec2-m7g-xlarge-us-east-1")
	m = NewMeter(ec2)
	m.Instance(sim.Hour, 0, 0)
	m.Busy(30*sim.Minute, 0, 0, false)
	if win, _ := ec2.Bill(m.Usage(), sim.Hour, DefaultMonth, false); !near(win.Total, 0.1632) || !near(win.Idle, 0.0816) {
		t.Errorf("ec2: got %+v", win)
	}
}
