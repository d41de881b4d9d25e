package scenarios

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"faassim/scenarios/iac"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// shopTemplate is what iac.Parse gives for a small serverless.yml: an
// HTTP API, a queue worker with reserved concurrency, a Java function with
// SnapStart, a nightly report with two schedules (one cron, one rate),
// arm64 in the majority.
func shopTemplate() *iac.Template {
	five := 5
	return &iac.Template{Format: iac.FormatServerless, Service: "shop",
		Functions: []iac.Function{
			{Name: "api", Line: 14, Runtime: "python3.12", Family: "python", PackageType: "Zip", MemoryMB: 512, Timeout: 6 * time.Second,
				Architecture: "arm64", EphemeralStorageMB: 512, Events: []iac.Event{{Kind: "httpApi", Line: 18}}},
			{Name: "worker", Line: 21, Runtime: "nodejs20.x", Family: "nodejs", PackageType: "Zip", MemoryMB: 1024, Timeout: 30 * time.Second,
				Architecture: "arm64", EphemeralStorageMB: 512, ReservedConcurrency: &five, Events: []iac.Event{{Kind: "sqs", Line: 26, BatchSize: 10}}},
			{Name: "orders", Line: 29, Runtime: "java21", Family: "java", PackageType: "Zip", MemoryMB: 2048, Timeout: 10 * time.Second,
				Architecture: "x86_64", EphemeralStorageMB: 1024, SnapStart: true, Events: []iac.Event{{Kind: "http", Line: 34}}},
			{Name: "report", Line: 37, Runtime: "python3.12", Family: "python", PackageType: "Zip", MemoryMB: 1024, Timeout: 300 * time.Second,
				Architecture: "arm64", EphemeralStorageMB: 512, Events: []iac.Event{
					{Kind: "schedule", Line: 41, Schedule: "cron(0 6 ? * MON-FRI *)", Enabled: true},
					{Kind: "schedule", Line: 42, Schedule: "rate(2 hours)", Enabled: true},
					{Kind: "schedule", Line: 43, Schedule: "rate(1 minute)", Enabled: false}}},
		},
		Warnings: []iac.Problem{{Line: 9, Path: "provider.environment.TABLE", Reason: "${ssm:/shop/table} not resolved: left as written"}},
		Ignored:  map[string]int{"plugins": 2, "resources": 3},
	}
}

// The imported scenario is complete and commented (golden file), loads
// with Load unchanged, and runs once its placeholders are set with --set.
func TestFromTemplateRoundTrip(t *testing.T) {
	s, cm, err := FromTemplate(shopTemplate(), ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	out, err := Marshal(s, cm)
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "import-shop.golden.yaml")
	if *update {
		if err := os.WriteFile(golden, out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != string(want) {
		t.Errorf("imported scenario differs from %s (go test -update to accept):\n%s", golden, out)
	}
	for _, w := range []string{"PLACEHOLDER", "Warning: line 9: provider.environment.TABLE", "Ignored: 2 plugins.", "Ignored: 3 resources.",
		"process: cron", `expression: 0 6 ? * MON-FRI *`, "preset: aws-lambda-arm", "preset: aws-fargate-arm", "metric: concurrency",
		"reserved_concurrency: 5", "snap_start: true", "name: report-2"} {
		if !strings.Contains(string(out), w) {
			t.Errorf("imported scenario lacks %q", w)
		}
	}
	sets := []string{"horizon=2h"}
	for k, fn := range s.Workload.Synthetic.Functions {
		if fn.Arrival.Process == "poisson" {
			sets = append(sets, "workload.synthetic.functions."+itoa(k)+".arrival.rate_per_s=0.5")
		}
		sets = append(sets, "workload.synthetic.functions."+itoa(k)+".duration.value=200ms")
	}
	loaded, err := Load("shop.yaml", out, sets)
	if err != nil {
		t.Fatalf("the imported scenario does not load: %v", err)
	}
	res, err := Run(context.Background(), loaded, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Platforms) != 2 || res.Platforms[0].Requests == 0 || res.Platforms[1].Requests != res.Platforms[0].Requests {
		t.Errorf("run of the imported scenario: %+v", res.Platforms)
	}
}

func itoa(k int) string { return strconv.Itoa(k) }

// Template.Problems make the import fail, every one listed with its line.
func TestFromTemplateProblems(t *testing.T) {
	tm := shopTemplate()
	tm.Problems = []iac.Problem{{Line: 29, Path: "functions.orders", Reason: "SnapStart with provisioned concurrency"},
		{Line: 21, Path: "functions.worker.memorySize", Reason: "64 MB is below 128"}}
	_, _, err := FromTemplate(tm, ImportOptions{File: "serverless.yml"})
	for _, want := range []string{"serverless.yml:29: functions.orders: SnapStart with provisioned concurrency", "serverless.yml:21: functions.worker.memorySize: 64 MB"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("missing %q in %v", want, err)
		}
	}
}

// The Fargate baseline's task holds the largest function, its memory and
// its Lambda CPU (memory / 1,769 MB), in a size Fargate offers (0.25 vCPU
// with 0.5-2 GB, 0.5 with 1-4, 1 with 2-8, 2 with 4-16, 4 with 8-30, 8
// with 16-60 in 4 GB steps), with as many slots as fit in both: 128 MB
// needs 0.072 vCPU, so 0.25 vCPU and 0.5 GB hold 3 (0.25 / 0.072 = 3.5);
// 4,096 MB needs 2.3 vCPU, so 4 vCPU and 8 GB hold 1 (4 / 2.3 = 1.7). The Lambda preset follows the
// architecture most functions use (a tie goes to x86_64).
func TestFromTemplatePlatforms(t *testing.T) {
	for _, tc := range []struct {
		mb         []int
		archs      []string
		vcpu, gb   float64
		slots      int
		lambda, fg string
	}{
		{[]int{128}, []string{"x86_64"}, 0.25, 0.5, 3, "aws-lambda-x86", "aws-fargate-x86"},
		{[]int{128, 1536}, []string{"arm64", "arm64"}, 1, 2, 1, "aws-lambda-arm", "aws-fargate-arm"},
		{[]int{3008}, []string{"arm64"}, 2, 4, 1, "aws-lambda-arm", "aws-fargate-arm"},
		{[]int{512, 512}, []string{"arm64", "x86_64"}, 0.5, 1, 1, "aws-lambda-x86", "aws-fargate-x86"},
		{[]int{4096}, []string{"x86_64"}, 4, 8, 1, "aws-lambda-x86", "aws-fargate-x86"},
		{[]int{10240}, []string{"x86_64"}, 8, 16, 1, "aws-lambda-x86", "aws-fargate-x86"},
	} {
		tm := &iac.Template{Format: iac.FormatSAM}
		for i, mb := range tc.mb {
			tm.Functions = append(tm.Functions, iac.Function{Name: "f" + strconv.Itoa(i), Line: 5 + i, Family: "go", MemoryMB: mb,
				Timeout: 3 * time.Second, Architecture: tc.archs[i], Events: []iac.Event{{Kind: "http"}}})
		}
		s, cm, err := FromTemplate(tm, ImportOptions{Name: "p"})
		if err != nil {
			t.Fatal(err)
		}
		fg := s.Platforms[1]
		if s.Platforms[0].Preset != tc.lambda || fg.Preset != tc.fg || fg.Replica.VCPU != tc.vcpu || fg.Replica.MemoryGB != tc.gb || fg.Replica.Slots != tc.slots {
			t.Errorf("%v MB %v: %s, %s %g vCPU %g GB %d slots; want %s, %s %g vCPU %g GB %d slots", tc.mb, tc.archs, s.Platforms[0].Preset, fg.Preset,
				fg.Replica.VCPU, fg.Replica.MemoryGB, fg.Replica.Slots, tc.lambda, tc.fg, tc.vcpu, tc.gb, tc.slots)
		}
		out, err := Marshal(s, cm)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Load("p.yaml", out, nil); err != nil {
			t.Errorf("%v MB: the imported scenario does not load: %v", tc.mb, err)
		}
	}
}
