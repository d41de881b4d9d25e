package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"faassim/scenarios"
)

// batchArgs is a small study: the default example changed by --set (the
// shipped scenario must be the resolved one), in shards shards.
func batchArgs(engine string, shards string, extra ...string) []string {
	args := []string{"batch", engine, "example:default", "--shards", shards, "--set", "seed=7", "--set", "horizon=2h"}
	switch engine {
	case "k8s":
		args = append(args, "--image", "ghcr.io/example/faassim:1")
	case "aws-batch":
		args = append(args, "--image", "ghcr.io/example/faassim:1", "--job-queue", "sims", "--efs", "fs-12345678")
	}
	return append(args, extra...)
}

func TestBatchGolden(t *testing.T) {
	for _, c := range []struct{ engine, golden string }{
		{"k8s", "k8s.yaml"}, {"slurm", "slurm.sbatch"}, {"aws-batch", "aws-batch.json"},
	} {
		t.Run(c.engine, func(t *testing.T) {
			stdout, stderr, code := call(batchArgs(c.engine, "3")...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			golden := filepath.Join("testdata", "batch", c.golden)
			if *updateGolden {
				mustDo(t, os.MkdirAll(filepath.Dir(golden), 0o755))
				mustDo(t, os.WriteFile(golden, []byte(stdout), 0o644))
			}
			want, err := os.ReadFile(golden)
			mustDo(t, err)
			if stdout != string(want) {
				t.Errorf("%s differs from %s (go test ./cmd/faassim -run TestBatchGolden -update rewrites it):\n%s", c.engine, golden, stdout)
			}
		})
	}
}

// resolvedScenario is what every engine must ship: the scenario of
// batchArgs after --set, as Marshal writes it.
func resolvedScenario(t *testing.T) *scenarios.Scenario {
	t.Helper()
	s, err := scenarios.Open("example:default", []string{"seed=7", "horizon=2h"})
	mustDo(t, err)
	return s
}

// sameScenario checks that shipped is a scenario file that loads to the
// resolved scenario: marshalled again, the two are the same text.
func sameScenario(t *testing.T, shipped string) {
	t.Helper()
	got, err := scenarios.Load("shipped.yaml", []byte(shipped), nil)
	if err != nil {
		t.Fatalf("the shipped scenario does not load: %v", err)
	}
	a, err := scenarios.Marshal(got, nil)
	mustDo(t, err)
	b, err := scenarios.Marshal(resolvedScenario(t), nil)
	mustDo(t, err)
	if !bytes.Equal(a, b) {
		t.Errorf("the shipped scenario is not the resolved one:\n%s\nwant\n%s", a, b)
	}
}

// A Slurm script passes bash -n; run with bash and a stand-in sbatch, it
// writes the resolved scenario, submits itself as the array, then the
// merge after it (afterok); as an array task it runs its shard.
func TestBatchSlurmScript(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	stdout, stderr, code := call(batchArgs("slurm", "7", "--dir", "study", "--faassim", "./fake-faassim")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	dir := t.TempDir()
	script := filepath.Join(dir, "study.sbatch")
	mustDo(t, os.WriteFile(script, []byte(stdout), 0o644))
	if out, err := exec.Command(bash, "-n", script).CombinedOutput(); err != nil {
		t.Fatalf("bash -n: %v: %s", err, out)
	}
	if !strings.Contains(stdout, "\n#SBATCH --array=0-6\n") || !strings.Contains(stdout, "\n#SBATCH --mem=128M\n") {
		t.Errorf("want #SBATCH --array=0-6 and --mem=128M in:\n%s", stdout)
	}
	// sbatch records its arguments and prints a job ID as --parsable does.
	bin := filepath.Join(dir, "bin")
	mustDo(t, os.Mkdir(bin, 0o755))
	mustDo(t, os.WriteFile(filepath.Join(bin, "sbatch"), []byte("#!/bin/bash\necho \"$*\" >> sbatch.log\necho $((41 + $(wc -l < sbatch.log)))\n"), 0o755))
	mustDo(t, os.WriteFile(filepath.Join(dir, "fake-faassim"), []byte("#!/bin/bash\necho \"$*\" > args.log\n"), 0o755))
	submit := exec.Command(bash, "study.sbatch")
	submit.Dir = dir
	submit.Env = append(os.Environ(), "PATH="+bin+":"+os.Getenv("PATH"), "SLURM_ARRAY_TASK_ID=")
	if out, err := submit.CombinedOutput(); err != nil {
		t.Fatalf("submitting: %v: %s", err, out)
	}
	log, err := os.ReadFile(filepath.Join(dir, "sbatch.log"))
	mustDo(t, err)
	lines := strings.Split(strings.TrimSpace(string(log)), "\n")
	if len(lines) != 2 || lines[0] != "--parsable study.sbatch" ||
		!strings.HasPrefix(lines[1], "--parsable --dependency=afterok:42 --job-name=faassim-default-merge ") ||
		!strings.HasSuffix(lines[1], "--mem=128M --time=0-00:10:00 --output=study/merge.out --wrap ./fake-faassim merge study/shard-*.json --max-memory 128MiB -o study/results.json") {
		t.Errorf("sbatch calls:\n%s", log)
	}
	shipped, err := os.ReadFile(filepath.Join(dir, "study", "scenario.yaml"))
	mustDo(t, err)
	sameScenario(t, string(shipped))

	task := exec.Command(bash, "study.sbatch")
	task.Dir = dir
	task.Env = append(os.Environ(), "SLURM_ARRAY_TASK_ID=5")
	if out, err := task.CombinedOutput(); err != nil {
		t.Fatalf("array task: %v: %s", err, out)
	}
	args, err := os.ReadFile(filepath.Join(dir, "args.log"))
	mustDo(t, err)
	if want := "run study/scenario.yaml --shard 5/7 --workers 1 --max-memory 128MiB -o study/shard-5.json\n"; string(args) != want {
		t.Errorf("the shard ran faassim %q, want %q", args, want)
	}
}

// The AWS Batch JSON, decoded strictly into the shapes of the AWS Batch
// API reference (RegisterJobDefinition, SubmitJob: written here from the
// documentation, apart from the command's own structs), has the fields
// the API requires, an array of N children and a merge that depends on
// the whole array.
func TestBatchAWSShape(t *testing.T) {
	type resource struct{ Type, Value string }
	type jobDef struct {
		JobDefinitionName    string   `json:"jobDefinitionName"`
		Type                 string   `json:"type"`
		PlatformCapabilities []string `json:"platformCapabilities"`
		Timeout              struct {
			AttemptDurationSeconds int `json:"attemptDurationSeconds"`
		} `json:"timeout"`
		RetryStrategy struct {
			Attempts int `json:"attempts"`
		} `json:"retryStrategy"`
		ContainerProperties struct {
			Image                string     `json:"image"`
			Command              []string   `json:"command"`
			ResourceRequirements []resource `json:"resourceRequirements"`
			Volumes              []struct {
				Name                   string `json:"name"`
				EfsVolumeConfiguration struct {
					FileSystemID      string `json:"fileSystemId"`
					RootDirectory     string `json:"rootDirectory"`
					TransitEncryption string `json:"transitEncryption"`
				} `json:"efsVolumeConfiguration"`
			} `json:"volumes"`
			MountPoints []struct {
				SourceVolume  string `json:"sourceVolume"`
				ContainerPath string `json:"containerPath"`
				ReadOnly      bool   `json:"readOnly"`
			} `json:"mountPoints"`
		} `json:"containerProperties"`
	}
	type submit struct {
		JobName         string `json:"jobName"`
		JobQueue        string `json:"jobQueue"`
		JobDefinition   string `json:"jobDefinition"`
		ArrayProperties *struct {
			Size int `json:"size"`
		} `json:"arrayProperties"`
		DependsOn []struct {
			JobID string `json:"jobId"`
			Type  string `json:"type"`
		} `json:"dependsOn"`
		ContainerOverrides *struct {
			Command []string `json:"command"`
		} `json:"containerOverrides"`
	}
	var doc struct {
		Steps                 []string `json:"steps"`
		Scenario              string   `json:"scenario"`
		RegisterJobDefinition jobDef   `json:"registerJobDefinition"`
		SubmitShards          submit   `json:"submitShards"`
		SubmitMerge           submit   `json:"submitMerge"`
	}
	for _, n := range []int{2, 7} {
		stdout, stderr, code := call(batchArgs("aws-batch", itoa(n))...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		dec := json.NewDecoder(strings.NewReader(stdout))
		dec.DisallowUnknownFields()
		mustDo(t, dec.Decode(&doc))
		d, sh, m := doc.RegisterJobDefinition, doc.SubmitShards, doc.SubmitMerge
		// Required by the API: jobDefinitionName and type; jobName,
		// jobQueue and jobDefinition.
		for what, v := range map[string]string{"jobDefinitionName": d.JobDefinitionName, "type": d.Type, "image": d.ContainerProperties.Image,
			"shards jobName": sh.JobName, "shards jobQueue": sh.JobQueue, "shards jobDefinition": sh.JobDefinition,
			"merge jobName": m.JobName, "merge jobQueue": m.JobQueue, "merge jobDefinition": m.JobDefinition} {
			if v == "" {
				t.Errorf("N=%d: %s is empty", n, what)
			}
		}
		if d.Type != "container" || sh.JobDefinition != d.JobDefinitionName || m.JobDefinition != d.JobDefinitionName {
			t.Errorf("N=%d: type %q, definitions %q %q %q", n, d.Type, d.JobDefinitionName, sh.JobDefinition, m.JobDefinition)
		}
		if sh.ArrayProperties == nil || sh.ArrayProperties.Size != n || sh.DependsOn != nil {
			t.Errorf("N=%d: the shards' array properties %+v, dependsOn %+v", n, sh.ArrayProperties, sh.DependsOn)
		}
		// A standard dependency on the array job (no type): N_TO_N and
		// SEQUENTIAL are between children.
		if m.ArrayProperties != nil || len(m.DependsOn) != 1 || m.DependsOn[0].JobID != awsShardsJobID || m.DependsOn[0].Type != "" {
			t.Errorf("N=%d: the merge's array properties %+v, dependsOn %+v", n, m.ArrayProperties, m.DependsOn)
		}
		cmd := d.ContainerProperties.Command
		if !slices.Contains(cmd, "--shards") || cmd[slices.Index(cmd, "--shards")+1] != itoa(n) ||
			cmd[len(cmd)-1] != "/faassim/faassim-default/shard-$(AWS_BATCH_JOB_ARRAY_INDEX).json" {
			t.Errorf("N=%d: the shard's command %q", n, cmd)
		}
		if mc := m.ContainerOverrides.Command; len(mc) != n+5 || mc[0] != "merge" || mc[n] != "/faassim/faassim-default/shard-"+itoa(n-1)+".json" ||
			mc[n+1] != "--max-memory" || mc[n+2] != "128MiB" {
			t.Errorf("N=%d: the merge's command %q", n, mc)
		}
		want := []resource{{"VCPU", "1"}, {"MEMORY", "128"}}
		if !slices.Equal(d.ContainerProperties.ResourceRequirements, want) {
			t.Errorf("N=%d: resources %+v, want %+v", n, d.ContainerProperties.ResourceRequirements, want)
		}
		if v := d.ContainerProperties.Volumes; len(v) != 1 || v[0].EfsVolumeConfiguration.FileSystemID != "fs-12345678" ||
			d.ContainerProperties.MountPoints[0].SourceVolume != v[0].Name {
			t.Errorf("N=%d: volumes %+v, mounts %+v", n, v, d.ContainerProperties.MountPoints)
		}
		sameScenario(t, doc.Scenario)
	}
}

// batch exec replaces $(VAR) by the environment's VAR, keeps $$(VAR)
// literal, and refuses a variable that is not set.
func TestBatchExec(t *testing.T) {
	t.Setenv("FAASSIM_TEST_EXAMPLE", "erlang-b")
	want, err := scenarios.ExampleSource("erlang-b")
	mustDo(t, err)
	stdout, stderr, code := call("batch", "exec", "examples", "--show", "$(FAASSIM_TEST_EXAMPLE)")
	if code != 0 || stdout != string(want) {
		t.Errorf("exit %d, stderr %q; stdout %.60q", code, stderr, stdout)
	}
	_, stderr, code = call("batch", "exec", "examples", "--show", "$$(FAASSIM_TEST_EXAMPLE)")
	if code != 2 || !strings.Contains(stderr, `"$(FAASSIM_TEST_EXAMPLE)"`) {
		t.Errorf("$$(...): exit %d, %q", code, stderr)
	}
	_, stderr, code = call("batch", "exec", "run", "x-$(FAASSIM_TEST_UNSET).yaml")
	if first, _, _ := strings.Cut(stderr, "\n"); code != 2 ||
		first != `faassim: batch exec: argument "x-$(FAASSIM_TEST_UNSET).yaml": the environment has no FAASSIM_TEST_UNSET` {
		t.Errorf("unset: exit %d, %q", code, stderr)
	}
}

// Bad input exits 2 with a message naming the flag or the field (a line
// of stderr), and prints nothing on stdout.
func TestBatchBadInput(t *testing.T) {
	ff := filepath.Join("testdata", "functions_from", "scenario.yaml")
	for _, c := range []struct {
		name  string
		args  []string
		first string
	}{
		{"no engine", []string{"batch"}, "faassim: batch: want an engine: k8s, slurm, aws-batch or exec"},
		{"unknown engine", []string{"batch", "nomad", "example:default"}, `faassim: batch: unknown engine "nomad": want k8s, slurm, aws-batch or exec`},
		{"no --shards", []string{"batch", "slurm", "example:default"}, "faassim: batch slurm: --shards 0: want at least 1 shard"},
		{"0 shards", batchArgs("k8s", "0"), "faassim: batch k8s: --shards 0: want at least 1 shard"},
		{"-3 shards", batchArgs("slurm", "-3"), "faassim: batch slurm: --shards -3: want at least 1 shard"},
		{"no image k8s", []string{"batch", "k8s", "example:default", "--shards", "2"},
			"faassim: batch k8s: --image is required: the container image holding faassim (build it from the Dockerfile)"},
		{"no image aws", []string{"batch", "aws-batch", "example:default", "--shards", "2", "--job-queue", "q", "--efs", "fs-12345678"},
			"faassim: batch aws-batch: --image is required: the container image holding faassim (build it from the Dockerfile)"},
		{"no queue", []string{"batch", "aws-batch", "example:default", "--shards", "2", "--image", "i", "--efs", "fs-12345678"},
			"faassim: batch aws-batch: --job-queue is required: the AWS Batch job queue the jobs go to"},
		{"no efs", []string{"batch", "aws-batch", "example:default", "--shards", "2", "--image", "i", "--job-queue", "q"},
			"faassim: batch aws-batch: --efs is required: the Amazon EFS file system (fs-...) where the shards write and the merge reads"},
		{"one AWS shard", batchArgs("aws-batch", "1"),
			"faassim: batch aws-batch: --shards 1: an AWS Batch array job has 2 to 10000 children (one shard is an ordinary faassim run)"},
		{"parallelism over N", batchArgs("k8s", "3", "--parallelism", "4"), "faassim: batch k8s: --parallelism 4: want 1 to --shards (3)"},
		{"bad name", batchArgs("k8s", "3", "--name", "My_Study"),
			`faassim: batch k8s: --name "My_Study": want lower-case letters, digits and '-', starting and ending with a letter or digit, at most 40 characters`},
		{"bad dir", batchArgs("slurm", "3", "--dir", "my study"),
			`faassim: batch slurm: --dir "my study": want letters, digits and . _ - / only (it is written in #SBATCH lines, which take no quotes)`},
		{"two scenarios", []string{"batch", "slurm", "a.yaml", "b.yaml", "--shards", "2"},
			`faassim: batch slurm: want one scenario (a file or example:NAME), got 2 arguments: "a.yaml", "b.yaml"`},
		{"bad --set", batchArgs("slurm", "2", "--set", "horizon=-1h"), "faassim: --set horizon: must be > 0 (the simulated time, e.g. 2h), got -1h0m0s"},
		{"local files", []string{"batch", "k8s", ff, "--shards", "2", "--image", "i"},
			"faassim: batch k8s: the shards run elsewhere and see only the scenario, not this machine's files:"},
	} {
		t.Run(c.name, func(t *testing.T) {
			stdout, stderr, code := call(c.args...)
			// The message is a whole line (after the usage, for a misuse).
			if code != 2 || !strings.Contains("\n"+stderr, "\n"+c.first+"\n") {
				t.Errorf("exit %d, stderr\n%s\nwant the line\n%s", code, stderr, c.first)
			}
			if stdout != "" {
				t.Errorf("stdout %q, want nothing", stdout)
			}
		})
	}
	// The local files are each named with their file, line and field.
	_, stderr, _ := call("batch", "k8s", ff, "--shards", "2", "--image", "i")
	for _, want := range []string{ff + `:4: workload.functions_from: reads the file "serverless.yml" from this machine's disk`,
		ff + `:5: workload.trace.path: reads the file "trace.csv" from this machine's disk`} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}

func TestRoundUpCount(t *testing.T) {
	for _, c := range []struct {
		x    float64
		want string
	}{{1.234e10, "13e9"}, {1.3e10, "13e9"}, {7.2e9 + 1, "73e8"}, {9.91e9, "100e8"}, {1e12, "10e11"}} {
		if got := roundUpCount(c.x); got != c.want {
			t.Errorf("roundUpCount(%g) = %s, want %s", c.x, got, c.want)
		}
	}
}

// A study over the default work bound for one process is what sharding
// is for: each shard checks the whole run's estimate, so the shards get a
// --max-events at or above it (and within a tenth), and run; under the
// default bound they get none.
func TestBatchLiftsTheWorkBound(t *testing.T) {
	for _, c := range []struct {
		horizon string
		lifted  bool
	}{{"2h", false}, {"100000h", true}} {
		set := "horizon=" + c.horizon
		s, err := scenarios.Open("example:default", []string{set})
		mustDo(t, err)
		est, err := s.Estimate(scenarios.Options{Workers: 1})
		mustDo(t, err)
		stdout, stderr, code := call("batch", "aws-batch", "example:default", "--set", set, "--shards", "20",
			"--image", "i", "--job-queue", "q", "--efs", "fs-12345678")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", c.horizon, code, stderr)
		}
		var doc awsStudy
		mustDo(t, json.Unmarshal([]byte(stdout), &doc))
		cmd := doc.RegisterJobDefinition.ContainerProperties.Command
		i := slices.Index(cmd, "--max-events")
		if (i >= 0) != c.lifted {
			t.Fatalf("%s (%g events): command %q", c.horizon, est.Events, cmd)
		}
		if i >= 0 {
			bound, err := strconv.ParseFloat(cmd[i+1], 64)
			if err != nil || bound < est.Events || bound > 1.1*est.Events {
				t.Errorf("%s: --max-events %s for a run of %g events", c.horizon, cmd[i+1], est.Events)
			}
		}
	}
	// Per shard, the work is still bounded: one shard of the long study
	// is over the default bound.
	_, stderr, code := call("batch", "slurm", "example:default", "--set", "horizon=100000h", "--shards", "1")
	if first, _, _ := strings.Cut(stderr, "\n"); code != 2 || !strings.Contains(first, "per shard") || !strings.Contains(first, "--max-events") {
		t.Errorf("one shard of 8e9 requests: exit %d, %q", code, stderr)
	}
}

// Each shard is started with the --max-memory the manifest prints: its
// own guard must accept it. A function shard keeps per-second peaks for
// merge (8 bytes a second over two weeks, per FaaS platform) that the
// whole run's estimate does not count, so the manifest must size from the
// shard's estimate or every shard of such a study is refused on the
// cluster.
func TestBatchMemoryLetsTheShardRun(t *testing.T) {
	dir := t.TempDir()
	scen := filepath.Join(dir, "long.yaml")
	doc := `name: long
seed: 3
horizon: 336h
warmup: 1h
workload:
  synthetic:
    functions:
      - {name: a, runtime: python, memory_mb: 512, arrival: {process: poisson, rate_per_s: 0.0005}, duration: {dist: exponential, mean: 80ms}}
      - {name: b, runtime: python, memory_mb: 512, arrival: {process: poisson, rate_per_s: 0.0005}, duration: {dist: exponential, mean: 80ms}}
platforms:
`
	for i := range 8 {
		doc += fmt.Sprintf("  - {name: l%d, preset: aws-lambda-x86, keep_alive: {policy: fixed, ttl: %dm}}\n", i, i+1)
	}
	mustDo(t, os.WriteFile(scen, []byte(doc), 0o644))
	stdout, stderr, code := call("batch", "aws-batch", scen, "--shards", "2", "--image", "i", "--job-queue", "q", "--efs", "fs-12345678")
	if code != 0 {
		t.Fatalf("batch: exit %d: %s", code, stderr)
	}
	var study awsStudy
	mustDo(t, json.Unmarshal([]byte(stdout), &study))
	cmd := study.RegisterJobDefinition.ContainerProperties.Command
	i := slices.Index(cmd, "--max-memory")
	if i < 0 {
		t.Fatalf("no --max-memory in %q", cmd)
	}
	out := filepath.Join(dir, "shard-1.json")
	if _, stderr, code := call("run", scen, "--shard", "1/2", "--max-memory", cmd[i+1], "-q", "-o", out); code != 0 {
		t.Fatalf("a shard with the manifest's --max-memory %s: exit %d: %s", cmd[i+1], code, stderr)
	}
}
