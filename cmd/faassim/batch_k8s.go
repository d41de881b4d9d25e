package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

const batchK8sIntro = `faassim batch k8s SCENARIO --shards N --image IMAGE [flags]

Prints, as YAML for kubectl, a Kubernetes study of SCENARIO in N shards:
a ConfigMap holding the resolved scenario, a ReadWriteMany
PersistentVolumeClaim for the shards' JSON, an Indexed Job (completionMode
Indexed, one pod per shard, each running "faassim run --shards N" with the
index Kubernetes gives it in JOB_COMPLETION_INDEX) whose memory is the
run's estimate with a 25% margin, and the merge Job, which joins the
shards into results.json on the claim and prints the text report in its
log. Apply the shards, wait for them, then apply the merge: the printed
head says how (kubectl apply -l, kubectl wait). IMAGE is built from the
Dockerfile at the root of faassim's source. Needs Kubernetes 1.29 or
later (backoffLimitPerIndex) and a storage class that offers
ReadWriteMany (NFS, CephFS, EFS, Filestore, Azure Files).
  faassim batch k8s example:default --shards 8 --image ghcr.io/me/faassim:1 > study.yaml
  faassim batch k8s my.yaml --shards 100 --parallelism 20 --image IMAGE --storage-class nfs --namespace sims`

// batchK8sStorage is the claim's default size: a shard's JSON is tens of
// kilobytes to a few megabytes (sketches and timelines), so 1Gi holds
// hundreds of shards; --storage raises it.
const batchK8sStorage = "1Gi"

func batchK8sCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("batch k8s", batchK8sIntro, stdout, stderr)
	var b batchFlags
	b.register(fs)
	image := fs.String("image", "", "container `IMAGE` holding faassim as its entrypoint (required)")
	namespace := fs.String("namespace", "", "Kubernetes `NS` of every object (default: kubectl's current namespace)")
	storageClass := fs.String("storage-class", "", "storage class `SC` of the results claim, one offering ReadWriteMany (default: the cluster's default class)")
	storage := fs.String("storage", batchK8sStorage, "`SIZE` of the results claim (a Kubernetes quantity)")
	parallelism := fs.Int("parallelism", 0, "shards running at once (`P`, 1 to N; default N)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	const cmd = "batch k8s"
	if *image == "" {
		return usageError{fmt.Errorf("%s: --image is required: the container image holding faassim (build it from the Dockerfile)", cmd)}
	}
	// Indexed Jobs allow completions and parallelism up to 10^5
	// (https://kubernetes.io/docs/concepts/workloads/controllers/job/#completion-mode).
	if b.shards > 100_000 {
		return usageError{fmt.Errorf("%s: --shards %d: an Indexed Job has at most 100000 completions", cmd, b.shards)}
	}
	if fs.Changed("parallelism") && (*parallelism < 1 || *parallelism > max(b.shards, 1)) {
		return usageError{fmt.Errorf("%s: --parallelism %d: want 1 to --shards (%d)", cmd, *parallelism, b.shards)}
	}
	if *namespace != "" && !dnsLabel.MatchString(*namespace) {
		return usageError{fmt.Errorf("%s: --namespace %q: want a DNS label (lower-case letters, digits and '-')", cmd, *namespace)}
	}
	st, err := b.study(fs, cmd)
	if err != nil {
		return err
	}
	// A ConfigMap holds at most 1 MiB
	// (https://kubernetes.io/docs/concepts/configuration/configmap/#motivation).
	if len(st.scenario) > 1<<20-1024 {
		return usageError{fmt.Errorf("%s: the resolved scenario is %d bytes, more than a ConfigMap holds (1 MiB)", cmd, len(st.scenario))}
	}
	p := st.shards
	if *parallelism > 0 {
		p = *parallelism
	}
	k := k8sManifest{st: st, image: *image, namespace: *namespace, storageClass: *storageClass, storage: *storage, parallelism: p}
	return b.write(ctx, cmd, stdout, []byte(k.String()))
}

type k8sManifest struct {
	st                                      *batchStudy
	image, namespace, storageClass, storage string
	parallelism                             int
}

// q quotes s for YAML: a JSON string is a YAML double-quoted scalar.
func q(s string) string {
	b, _ := json.Marshal(s) // a string always marshals
	return string(b)
}

func (k k8sManifest) String() string {
	st := k.st
	var w strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&w, format+"\n", args...) }
	p("# faassim study %s: %s.", st.name, st.describe())
	p("# Apply it in two steps, so that the merge starts once every shard has succeeded:")
	p("#   kubectl apply -f study.yaml -l faassim.io/step=run")
	p("#   kubectl wait --for=condition=complete job/%s --timeout=%ds", st.name, st.seconds*int64((st.shards+k.parallelism-1)/k.parallelism))
	p("#   kubectl apply -f study.yaml -l faassim.io/step=merge")
	p("#   kubectl wait --for=condition=complete job/%s-merge && kubectl logs job/%s-merge -c report", st.name, st.name)
	p("# results.json stays on the claim %s-results beside the shards' JSON.", st.name)
	p("# kubectl wait rather than a merge pod polling for the files: the image has no shell to poll")
	p("# with, a failed shard would leave such a pod waiting for ever, and \"complete\" means every")
	p("# index succeeded. Each shard is retried twice on its own (backoffLimitPerIndex).")
	k.object("v1", "ConfigMap", st.name+"-scenario", "run", &w)
	p("data:")
	p("  scenario.yaml: %s", literal(st.scenario, "    "))
	k.object("v1", "PersistentVolumeClaim", st.name+"-results", "run", &w)
	p("spec:")
	p("  accessModes: [ReadWriteMany]")
	if k.storageClass != "" {
		p("  storageClassName: %s", q(k.storageClass))
	}
	p("  resources:")
	p("    requests:")
	p("      storage: %s", q(k.storage))
	k.object("batch/v1", "Job", st.name, "run", &w)
	p("spec:")
	p("  completionMode: Indexed")
	p("  completions: %d", st.shards)
	p("  parallelism: %d", k.parallelism)
	p("  backoffLimitPerIndex: 2")
	k.podHead("run", &w)
	p("      containers:")
	p("        - name: shard")
	p("          image: %s", q(k.image))
	p("          args: %s", yamlList(st.runCommand("/scenario/scenario.yaml", "/results/shard-$(JOB_COMPLETION_INDEX).json")))
	p("          env:")
	p("            # Set by the Job controller too; declared so that $(JOB_COMPLETION_INDEX) above")
	p("            # expands whatever the order in which the variables are added.")
	p("            - name: JOB_COMPLETION_INDEX")
	p("              valueFrom:")
	p("                fieldRef:")
	p("                  fieldPath: \"metadata.annotations['batch.kubernetes.io/job-completion-index']\"")
	k.resources(&w)
	p("          volumeMounts:")
	p("            - {name: scenario, mountPath: /scenario, readOnly: true}")
	p("            - {name: results, mountPath: /results}")
	p("      volumes:")
	p("        - name: scenario")
	p("          configMap: {name: %s-scenario}", st.name)
	p("        - name: results")
	p("          persistentVolumeClaim: {claimName: %s-results}", st.name)
	k.object("batch/v1", "Job", st.name+"-merge", "merge", &w)
	p("spec:")
	p("  backoffLimit: 1")
	k.podHead("merge", &w)
	p("      initContainers:")
	p("        - name: merge")
	p("          image: %s", q(k.image))
	p("          args: %s", yamlList(st.mergeCommand("/results")))
	k.resources(&w)
	p("          volumeMounts:")
	p("            - {name: results, mountPath: /results}")
	p("      containers:")
	p("        - name: report")
	p("          image: %s", q(k.image))
	p("          args: [report, /results/results.json, --format, text]")
	k.resources(&w)
	p("          volumeMounts:")
	p("            - {name: results, mountPath: /results, readOnly: true}")
	p("      volumes:")
	p("        - name: results")
	p("          persistentVolumeClaim: {claimName: %s-results}", st.name)
	return w.String()
}

// object writes a document's head: separator, kind, name and labels; step
// (run or merge) is what kubectl apply -l selects.
func (k k8sManifest) object(apiVersion, kind, name, step string, w *strings.Builder) {
	fmt.Fprintf(w, "---\napiVersion: %s\nkind: %s\nmetadata:\n  name: %s\n", apiVersion, kind, name)
	if k.namespace != "" {
		fmt.Fprintf(w, "  namespace: %s\n", k.namespace)
	}
	k.labels("  ", step, w)
}

func (k k8sManifest) labels(indent, step string, w *strings.Builder) {
	fmt.Fprintf(w, "%slabels:\n%s  app.kubernetes.io/name: faassim\n%s  faassim.io/study: %s\n%s  faassim.io/step: %s\n",
		indent, indent, indent, k.st.name, indent, step)
}

// podHead writes a Job's pod template up to its containers: never
// restarted in place (the Job makes a new pod), as the distroless image's
// non-root user, whose group owns the claim (fsGroup) so it can write.
func (k k8sManifest) podHead(step string, w *strings.Builder) {
	w.WriteString("  template:\n    metadata:\n")
	k.labels("      ", step, w)
	w.WriteString("    spec:\n      restartPolicy: Never\n      securityContext:\n" +
		"        runAsNonRoot: true\n        runAsUser: 65532\n        runAsGroup: 65532\n        fsGroup: 65532\n")
}

// resources writes a container's resources: memory requested and limited
// alike (a shard over its estimate should fail, not starve its node), the
// CPU requested but not limited (a limit only throttles).
func (k k8sManifest) resources(w *strings.Builder) {
	mem := strconv.FormatInt(k.st.memoryMiB, 10) + "Mi"
	fmt.Fprintf(w, "          resources:\n            requests: {cpu: %q, memory: %s}\n            limits: {memory: %s}\n",
		strconv.Itoa(k.st.cpus), mem, mem)
}

// yamlList writes a flow sequence of quoted strings.
func yamlList(items []string) string {
	qs := make([]string, len(items))
	for i, s := range items {
		qs[i] = q(s)
	}
	return "[" + strings.Join(qs, ", ") + "]"
}

// literal writes text as a YAML literal block indented by indent, or as a
// quoted string where a block cannot carry it exactly (a first line that
// starts with a space, carriage returns, other than one final newline).
func literal(text []byte, indent string) string {
	s := string(text)
	if s == "" || s[0] == ' ' || s[0] == '\t' || strings.ContainsAny(s, "\r\t") || !strings.HasSuffix(s, "\n") || strings.HasSuffix(s, "\n\n") {
		return q(s)
	}
	var b strings.Builder
	b.WriteString("|")
	for _, line := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
		b.WriteString("\n")
		if line != "" {
			b.WriteString(indent + line)
		}
	}
	return b.String()
}
