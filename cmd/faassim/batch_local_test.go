package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
)

// Each engine's shard and merge commands, run here as the engine would run
// them (its index variable set, $(VAR) expanded as the kubelet does, the
// Slurm script's own branches), merge to the unsharded run's results.
func TestBatchManifestsRunLocally(t *testing.T) {
	const n = 3
	whole, stderr, code := call("run", "example:default", "--set", "seed=7", "--set", "horizon=2h", "-q", "--format", "json")
	if code != 0 {
		t.Fatalf("unsharded run: exit %d: %s", code, stderr)
	}
	// run calls faassim with args after moving the manifest's absolute
	// directories into dir.
	run := func(t *testing.T, dir string, moved map[string]string, args []string) {
		t.Helper()
		local := make([]string, len(args))
		for i, a := range args {
			for from, to := range moved {
				a = strings.ReplaceAll(a, from, filepath.Join(dir, to)+"/")
			}
			local[i] = a
		}
		if _, stderr, code := call(local...); code != 0 {
			t.Fatalf("faassim %q: exit %d: %s", local, code, stderr)
		}
	}

	t.Run("k8s", func(t *testing.T) {
		stdout, stderr, code := call(batchArgs("k8s", strconv.Itoa(n))...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		docs := strings.Split(stdout, "\n---\n")
		var job, merge batchv1.Job
		decodeStrict(t, docs[3], &job)
		decodeStrict(t, docs[4], &merge)
		dir := t.TempDir()
		moved := map[string]string{"/scenario/": "scenario", "/results/": "results"}
		for _, d := range moved {
			mustDo(t, os.Mkdir(filepath.Join(dir, d), 0o755))
		}
		var cm corev1.ConfigMap
		decodeStrict(t, docs[1], &cm)
		mustDo(t, os.WriteFile(filepath.Join(dir, "scenario", "scenario.yaml"), []byte(cm.Data["scenario.yaml"]), 0o644))
		for i := range n {
			t.Setenv("JOB_COMPLETION_INDEX", strconv.Itoa(i))
			// batch exec expands $(VAR) as the kubelet does.
			run(t, dir, moved, append([]string{"batch", "exec"}, job.Spec.Template.Spec.Containers[0].Args...))
		}
		run(t, dir, moved, merge.Spec.Template.Spec.InitContainers[0].Args)
		sameResults(t, mustRead(t, filepath.Join(dir, "results", "results.json")), []byte(whole))
	})

	t.Run("aws-batch", func(t *testing.T) {
		stdout, stderr, code := call(batchArgs("aws-batch", strconv.Itoa(n))...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		var doc awsStudy
		mustDo(t, json.Unmarshal([]byte(stdout), &doc))
		dir := t.TempDir()
		moved := map[string]string{"/faassim/": "efs"}
		study := filepath.Join(dir, "efs", doc.RegisterJobDefinition.JobDefinitionName)
		mustDo(t, os.MkdirAll(study, 0o755))
		mustDo(t, os.WriteFile(filepath.Join(study, "scenario.yaml"), []byte(doc.Scenario), 0o644))
		for i := range n {
			t.Setenv("AWS_BATCH_JOB_ARRAY_INDEX", strconv.Itoa(i))
			run(t, dir, moved, doc.RegisterJobDefinition.ContainerProperties.Command)
		}
		run(t, dir, moved, doc.SubmitMerge.ContainerOverrides.Command)
		sameResults(t, mustRead(t, filepath.Join(study, "results.json")), []byte(whole))
	})

	t.Run("slurm", func(t *testing.T) {
		bash, err := exec.LookPath("bash")
		if err != nil {
			t.Skip("no bash")
		}
		dir := t.TempDir()
		exe, err := os.Executable()
		mustDo(t, err)
		wrapper := filepath.Join(dir, "faassim")
		mustDo(t, os.WriteFile(wrapper, []byte("#!/bin/sh\nFAASSIM_TEST_AS_CLI=1 exec "+strconv.Quote(exe)+" \"$@\"\n"), 0o755))
		stdout, stderr, code := call(batchArgs("slurm", strconv.Itoa(n), "--faassim", wrapper, "--dir", "study")...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		script := filepath.Join(dir, "study.sbatch")
		mustDo(t, os.WriteFile(script, []byte(stdout), 0o644))
		// Submitting writes the scenario; sbatch stands in, and the merge's
		// --wrap command is kept to run after the array.
		bin := filepath.Join(dir, "bin")
		mustDo(t, os.Mkdir(bin, 0o755))
		mustDo(t, os.WriteFile(filepath.Join(bin, "sbatch"), []byte("#!/bin/bash\n"+
			"for a; do [ \"$prev\" = --wrap ] && printf '%s\\n' \"$a\" > wrap.sh; prev=$a; done\necho 42\n"), 0o755))
		sh := func(env []string, args ...string) {
			c := exec.Command(bash, args...)
			c.Dir = dir
			c.Env = append(os.Environ(), env...)
			if out, err := c.CombinedOutput(); err != nil {
				t.Fatalf("bash %q: %v\n%s", args, err, out)
			}
		}
		sh([]string{"PATH=" + bin + ":" + os.Getenv("PATH"), "SLURM_ARRAY_TASK_ID="}, script)
		for i := range n {
			sh([]string{"SLURM_ARRAY_TASK_ID=" + strconv.Itoa(i), "SLURM_ARRAY_TASK_MIN=0", "SLURM_ARRAY_TASK_COUNT=" + strconv.Itoa(n)}, script)
		}
		sh(nil, "wrap.sh") // sbatch --wrap runs its command with sh; bash reads it the same
		sameResults(t, mustRead(t, filepath.Join(dir, "study", "results.json")), []byte(whole))
	})
}
