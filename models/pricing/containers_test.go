package pricing

import (
	"math"
	"strings"
	"testing"

	"faassim/sim"
)

// TestFargateStorage: ephemeral storage above the 20 GB included costs
// $0.000111 per GB-hour (aws.amazon.com/fargate/pricing), billed over the
// task's lifetime as the task is: per second, 1-minute minimum from launch,
// cut by the window.
func TestFargateStorage(t *testing.T) {
	sh := mustLookup(t, "aws-fargate-x86-us-east-1")
	s, gb := sim.Second, 1024 // GB is GiB: 1,024 MB
	tests := []struct {
		name                 string
		born, died, from, to sim.Time
		storageMB            int
		wantGBS              float64 // billed GB-seconds above 20 GB
	}{
		{"20 GB: all included", 0, 3600 * s, 0, 3600 * s, 20 * gb, 0},
		{"50 GB for an hour: 30 GB x 3,600 s", 0, 3600 * s, 0, 3600 * s, 50 * gb, 30 * 3600},
		{"200 GB (the most) for a minute", 0, 60 * s, 0, 3600 * s, 200 * gb, 180 * 60},
		{"21 GB for 10 s: the 1-minute minimum", 100 * s, 110 * s, 0, 3600 * s, 21 * gb, 60},
		{"cut by the window's end", 100 * s, 400 * s, 0, 130 * s, 21 * gb, 30},
		{"before the window", 0, 100 * s, 200 * s, 3600 * s, 21 * gb, 0},
	}
	for _, tt := range tests {
		m := NewMeter(sh)
		m.StorageWindowed(tt.born, tt.died, tt.from, tt.to, tt.storageMB)
		if got := m.Usage().StorageGBSeconds; math.Abs(got-tt.wantGBS) > 1e-9 {
			t.Errorf("%s: %v GB-s, want %v", tt.name, got, tt.wantGBS)
		}
	}

}

// TestEKSControlPlane: the control plane is its own cost line, the only
// one of a cluster (its worked prices, $0.10 an hour, $72 and $73 a month,
// are checked by the validation suite, scenarios/validation).
func TestEKSControlPlane(t *testing.T) {
	sh := mustLookup(t, "aws-eks-us-east-1")
	m := NewMeter(sh)
	m.Cluster(sim.Hour, 1)
	win, _ := sh.Bill(m.Usage(), sim.Hour, DefaultMonth, false)
	if win.Total != win.ControlPlane || win.ControlPlane == 0 || win.Compute != 0 || win.Idle != 0 {
		t.Errorf("%+v: the control plane is the only line", win)
	}
}

func TestCheckMonth(t *testing.T) {
	for _, tt := range []struct {
		month sim.Time
		ok    bool
	}{
		{Month30Days, true},
		{Month730Hours, true},
		{672 * sim.Hour, true}, // February
		{744 * sim.Hour, true}, // 31 days
		{671 * sim.Hour, false},
		{745 * sim.Hour, false},
		{0, false},
		{-Month30Days, false},
	} {
		if err := CheckMonth(tt.month); (err == nil) != tt.ok {
			t.Errorf("CheckMonth(%v) = %v, want ok %v", tt.month, err, tt.ok)
		}
	}
}

func TestMonthName(t *testing.T) {
	for m, want := range map[sim.Time]string{
		Month30Days:    "30-day month",
		Month730Hours:  "730-hour month",
		744 * sim.Hour: "744-hour month",
	} {
		if got := MonthName(m); got != want {
			t.Errorf("MonthName(%v) = %q, want %q", m, got, want)
		}
	}
}

// TestStorageFieldsValidate: the storage fields apply where storage is
// billed.
func TestStorageFieldsValidate(t *testing.T) {
	ec2 := mustLookup(t, "aws-ec2-m7g-large-us-east-1")
	ec2.FreeStorageMB = 20480
	if err := ec2.Validate(); err == nil || !strings.Contains(err.Error(), "free_storage_mb: does not apply to model ec2") {
		t.Errorf("free_storage_mb on ec2: %v", err)
	}
	far := mustLookup(t, "aws-fargate-arm-us-east-1")
	far.USDPerStorageGBHour = -1
	if err := far.Validate(); err == nil || !strings.Contains(err.Error(), "usd_per_storage_gb_hour: must not be negative") {
		t.Errorf("negative storage price: %v", err)
	}
}
