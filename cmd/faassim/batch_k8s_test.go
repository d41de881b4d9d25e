package main

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
)

// decodeStrict decodes one YAML document into v as the API server would
// read its JSON, refusing any field v does not have.
func decodeStrict(t *testing.T, doc string, v any) {
	t.Helper()
	js, err := yaml.YAMLToJSON([]byte(doc))
	if err != nil {
		t.Fatalf("not YAML: %v\n%s", err, doc)
	}
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("does not decode strictly into %T: %v\n%s", v, err, doc)
	}
}

// The Kubernetes manifest decodes strictly into the API's own types
// (k8s.io/api, a test-only dependency): a ConfigMap holding the resolved
// scenario, a ReadWriteMany claim, an Indexed Job with completions N and
// parallelism min(P, N), and a merge Job reading the N shards.
func TestBatchK8sDecodes(t *testing.T) {
	for _, c := range []struct{ shards, parallelism, wantParallel int }{
		{1, 0, 1}, {2, 0, 2}, {7, 0, 7}, {7, 3, 3},
	} {
		extra := []string{"--namespace", "sims", "--storage-class", "nfs"}
		if c.parallelism > 0 {
			extra = append(extra, "--parallelism", strconv.Itoa(c.parallelism))
		}
		stdout, stderr, code := call(batchArgs("k8s", strconv.Itoa(c.shards), extra...)...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		docs := strings.Split(stdout, "\n---\n")[1:] // the first is the head's comments
		if len(docs) != 4 {
			t.Fatalf("%d documents, want 4 (ConfigMap, claim, Job, merge Job)", len(docs))
		}
		var cm corev1.ConfigMap
		var pvc corev1.PersistentVolumeClaim
		var job, merge batchv1.Job
		decodeStrict(t, docs[0], &cm)
		decodeStrict(t, docs[1], &pvc)
		decodeStrict(t, docs[2], &job)
		decodeStrict(t, docs[3], &merge)
		for _, m := range []struct{ kind, name, ns string }{
			{cm.Kind, cm.Name, cm.Namespace}, {pvc.Kind, pvc.Name, pvc.Namespace}, {job.Kind, job.Name, job.Namespace}, {merge.Kind, merge.Name, merge.Namespace},
		} {
			if m.ns != "sims" {
				t.Errorf("%s %s in namespace %q, want sims", m.kind, m.name, m.ns)
			}
		}
		sameScenario(t, cm.Data["scenario.yaml"])
		if len(pvc.Spec.AccessModes) != 1 || pvc.Spec.AccessModes[0] != corev1.ReadWriteMany ||
			pvc.Spec.StorageClassName == nil || *pvc.Spec.StorageClassName != "nfs" || pvc.Spec.Resources.Requests.Storage().String() != "1Gi" {
			t.Errorf("claim %+v", pvc.Spec)
		}
		s := job.Spec
		if s.CompletionMode == nil || *s.CompletionMode != batchv1.IndexedCompletion || s.Completions == nil || int(*s.Completions) != c.shards ||
			s.Parallelism == nil || int(*s.Parallelism) != c.wantParallel {
			t.Errorf("N=%d: completionMode %v, completions %v, parallelism %v", c.shards, s.CompletionMode, s.Completions, s.Parallelism)
		}
		pod := s.Template.Spec
		if len(pod.Containers) != 1 || pod.RestartPolicy != corev1.RestartPolicyNever {
			t.Fatalf("N=%d: pod %+v", c.shards, pod)
		}
		ctr := pod.Containers[0]
		want := "run /scenario/scenario.yaml --shards " + strconv.Itoa(c.shards) +
			" --workers 1 --max-memory 128MiB -o /results/shard-$(JOB_COMPLETION_INDEX).json"
		if got := strings.Join(ctr.Args, " "); got != want || ctr.Image != "ghcr.io/example/faassim:1" {
			t.Errorf("N=%d: image %q args %q\nwant %q", c.shards, ctr.Image, got, want)
		}
		if mem := ctr.Resources.Limits.Memory(); mem.String() != "128Mi" || !mem.Equal(*ctr.Resources.Requests.Memory()) {
			t.Errorf("N=%d: memory limit %v, request %v: want 128Mi both", c.shards, mem, ctr.Resources.Requests.Memory())
		}
		if len(ctr.Env) != 1 || ctr.Env[0].Name != "JOB_COMPLETION_INDEX" ||
			ctr.Env[0].ValueFrom.FieldRef.FieldPath != "metadata.annotations['batch.kubernetes.io/job-completion-index']" {
			t.Errorf("N=%d: env %+v", c.shards, ctr.Env)
		}
		if pod.Volumes[0].ConfigMap.Name != cm.Name || pod.Volumes[1].PersistentVolumeClaim.ClaimName != pvc.Name {
			t.Errorf("N=%d: volumes %+v", c.shards, pod.Volumes)
		}
		mpod := merge.Spec.Template.Spec
		margs := mpod.InitContainers[0].Args
		// The merge is bound by its own container's memory, so that it
		// refuses (naming --max-memory) rather than being killed.
		if len(margs) != c.shards+5 || margs[0] != "merge" || margs[c.shards] != "/results/shard-"+strconv.Itoa(c.shards-1)+".json" ||
			margs[c.shards+1] != "--max-memory" || margs[c.shards+2] != "128MiB" ||
			margs[c.shards+4] != "/results/results.json" || mpod.Volumes[0].PersistentVolumeClaim.ClaimName != pvc.Name {
			t.Errorf("N=%d: merge args %q", c.shards, margs)
		}
		if mem := mpod.InitContainers[0].Resources.Limits.Memory(); mem.String() != "128Mi" {
			t.Errorf("N=%d: the merge's memory limit %v, its --max-memory 128MiB", c.shards, mem)
		}
		if merge.Labels["faassim.io/step"] != "merge" || job.Labels["faassim.io/step"] != "run" || cm.Labels["faassim.io/step"] != "run" {
			t.Errorf("N=%d: the steps' labels: %v %v %v", c.shards, cm.Labels, job.Labels, merge.Labels)
		}
	}
}
