package pricing

import (
	"slices"
	"strings"
	"testing"
)

// TestEmbedded checks every embedded sheet parses, validates and is
// reachable by name, and that the catalog holds what issue 3 asks for.
func TestEmbedded(t *testing.T) {
	all := Sheets()
	if !slices.IsSortedFunc(all, func(a, b Sheet) int { return strings.Compare(a.Name, b.Name) }) {
		t.Error("Sheets() not sorted by name")
	}
	for _, s := range all {
		if err := s.Validate(); err != nil {
			t.Errorf("%s: %v", s.Name, err)
		}
		got, err := Lookup(s.Name)
		if err != nil || got.Name != s.Name {
			t.Errorf("Lookup(%q) = %q, %v", s.Name, got.Name, err)
		}
	}
	models := map[Model]int{}
	for _, s := range all {
		models[s.Model]++
	}
	for _, m := range []Model{PerInvocation, RequestBased, InstanceBased, Flex, Fargate, EC2, ControlPlane} {
		if models[m] == 0 {
			t.Errorf("no embedded sheet for model %s", m)
		}
	}
	for _, name := range []string{
		"aws-lambda-x86-us-east-1", "aws-lambda-arm-us-east-1",
		"gcp-cloud-run-request-tier1", "gcp-cloud-run-instance-tier1", "gcp-cloud-functions-gen1-tier1",
		"azure-functions-consumption-eastus", "azure-functions-flex",
		"aws-fargate-x86-us-east-1", "aws-fargate-arm-us-east-1",
		"aws-ec2-m7g-xlarge-us-east-1", "aws-ec2-m7g-large-us-east-1", "aws-eks-us-east-1",
	} {
		if _, err := Lookup(name); err != nil {
			t.Error(err)
		}
	}
}

func TestLookupUnknown(t *testing.T) {
	_, err := Lookup("aws-lambda-x87")
	if err == nil {
		t.Fatal("no error for an unknown sheet")
	}
	for _, want := range []string{`"aws-lambda-x87"`, "known:", "aws-lambda-x86-us-east-1"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
}
