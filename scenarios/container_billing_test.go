package scenarios

import (
	"context"
	"slices"
	"strings"
	"testing"
)

const containerBillYAML = `name: bill
seed: 1
horizon: 2h
warmup: 1h
workload:
  synthetic:
    functions:
      - name: f
        arrival: {process: poisson, rate_per_s: 1}
        duration: {dist: deterministic, value: 100ms}
platforms:
  - name: fargate
    kind: container
    preset: aws-fargate-x86
    replica: {vcpu: 1, memory_gb: 2, slots: 1, ephemeral_storage_gb: 50}
    scaling: {policy: fixed, replicas: 2}
  - name: eks
    kind: container
    preset: k8s-ec2
    node: m7g.xlarge
    replica: {vcpu: 1, memory_gb: 2, slots: 1}
    scaling: {policy: fixed, replicas: 2}
`

// TestContainerBillsStorageAndControlPlane: the price sheets and the
// assumptions name the storage and the control plane (the amounts, worked
// by hand from the AWS pricing pages, are the validation suite's case
// prices/aws-containers/fargate-and-eks-month).
func TestContainerBillsStorageAndControlPlane(t *testing.T) {
	res := runResults(t, containerBillYAML)
	var sheets []string
	for _, s := range res.PriceSheets {
		sheets = append(sheets, s.Name)
	}
	if !slices.Contains(sheets, "aws-eks-us-east-1") {
		t.Errorf("price sheets %v: no aws-eks-us-east-1", sheets)
	}
	all := strings.Join(res.Assumptions, "\n")
	for _, want := range []string{"50 GiB of ephemeral storage per task, the 30 above the 20 included billed at $0.000111 per GB-hour",
		"$0.1 per cluster-hour (aws-eks-us-east-1)"} {
		if !strings.Contains(all, want) {
			t.Errorf("assumptions do not say %q:\n%s", want, all)
		}
	}

	// The default is the 20 GB included: no storage line.
	res = runResults(t, strings.Replace(containerBillYAML, ", ephemeral_storage_gb: 50", "", 1))
	if got := res.Platforms[0].CostUSD.Storage; got != 0 {
		t.Errorf("default storage costs $%v, want 0 (20 GB included)", got)
	}
}

func TestEphemeralStorageProblems(t *testing.T) {
	for _, c := range []struct {
		name, old, new, want string
	}{
		{"below the included 20 GiB", "ephemeral_storage_gb: 50", "ephemeral_storage_gb: 10",
			"t.yaml:15: platforms[0].replica.ephemeral_storage_gb: aws-fargate-x86 allows 20 to 200 GiB (20 included), got 10"},
		{"above 200 GiB", "ephemeral_storage_gb: 50", "ephemeral_storage_gb: 201",
			"t.yaml:15: platforms[0].replica.ephemeral_storage_gb: aws-fargate-x86 allows 20 to 200 GiB (20 included), got 201"},
		{"on Kubernetes", "replica: {vcpu: 1, memory_gb: 2, slots: 1}", "replica: {vcpu: 1, memory_gb: 2, slots: 1, ephemeral_storage_gb: 30}",
			"t.yaml:21: platforms[1].replica.ephemeral_storage_gb: applies to the Fargate presets only"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, err := Load("t.yaml", []byte(strings.Replace(containerBillYAML, c.old, c.new, 1)), nil)
			if err == nil {
				_, err = Run(context.Background(), s, Options{})
			}
			checkProblems(t, err, []string{c.want})
		})
	}
}
