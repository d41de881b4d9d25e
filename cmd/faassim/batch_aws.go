package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strconv"
)

const batchAWSIntro = `faassim batch aws-batch SCENARIO --shards N --image IMAGE --job-queue QUEUE --efs FS [flags]

Prints, as one JSON object, an AWS Batch study of SCENARIO in N shards
(N from 2 to 10,000, the sizes of an array job): the job definition
(registerJobDefinition), the array job of N children (submitShards, each
child running "faassim run --shards N" with the index AWS Batch gives it
in AWS_BATCH_JOB_ARRAY_INDEX, with the memory of the run's estimate plus
25%), the merge job, which AWS Batch starts once every child has
succeeded (submitMerge), and the resolved scenario (scenario). The jobs
share the Amazon EFS file system FS, mounted at /faassim: copy the
scenario to NAME/scenario.yaml on it first; the results are
NAME/results.json. The object's "steps" are the commands, in order.
IMAGE is built from the Dockerfile at the root of faassim's source. The
job definition is for EC2 compute environments (Fargate accepts only some
memory sizes).
  faassim batch aws-batch my.yaml --shards 50 --image 123456789012.dkr.ecr.eu-west-1.amazonaws.com/faassim:1 \
    --job-queue sims --efs fs-12345678 > study.json`

// The shapes below follow the AWS Batch API reference:
// RegisterJobDefinition (https://docs.aws.amazon.com/batch/latest/APIReference/API_RegisterJobDefinition.html),
// SubmitJob (https://docs.aws.amazon.com/batch/latest/APIReference/API_SubmitJob.html),
// as "aws batch ... --cli-input-json" reads them.

type awsStudy struct {
	Steps                 []string         `json:"steps"`
	Scenario              string           `json:"scenario"`
	RegisterJobDefinition awsJobDefinition `json:"registerJobDefinition"`
	SubmitShards          awsSubmitJob     `json:"submitShards"`
	SubmitMerge           awsSubmitJob     `json:"submitMerge"`
}

type awsJobDefinition struct {
	JobDefinitionName    string           `json:"jobDefinitionName"`
	Type                 string           `json:"type"`
	PlatformCapabilities []string         `json:"platformCapabilities"`
	Timeout              awsTimeout       `json:"timeout"`
	RetryStrategy        awsRetry         `json:"retryStrategy"`
	ContainerProperties  awsContainerProp `json:"containerProperties"`
}

type awsTimeout struct {
	AttemptDurationSeconds int64 `json:"attemptDurationSeconds"`
}

type awsRetry struct {
	Attempts int `json:"attempts"`
}

type awsContainerProp struct {
	Image                string        `json:"image"`
	Command              []string      `json:"command"`
	ResourceRequirements []awsResource `json:"resourceRequirements"`
	Volumes              []awsVolume   `json:"volumes"`
	MountPoints          []awsMount    `json:"mountPoints"`
}

type awsResource struct {
	Type  string `json:"type"`
	Value string `json:"value"`
}

type awsVolume struct {
	Name                   string       `json:"name"`
	EFSVolumeConfiguration awsEFSVolume `json:"efsVolumeConfiguration"`
}

type awsEFSVolume struct {
	FileSystemID      string `json:"fileSystemId"`
	RootDirectory     string `json:"rootDirectory"`
	TransitEncryption string `json:"transitEncryption"`
}

type awsMount struct {
	SourceVolume  string `json:"sourceVolume"`
	ContainerPath string `json:"containerPath"`
	ReadOnly      bool   `json:"readOnly"`
}

type awsSubmitJob struct {
	JobName            string             `json:"jobName"`
	JobQueue           string             `json:"jobQueue"`
	JobDefinition      string             `json:"jobDefinition"`
	ArrayProperties    *awsArray          `json:"arrayProperties,omitempty"`
	DependsOn          []awsDependency    `json:"dependsOn,omitempty"`
	ContainerOverrides *awsContainerOverr `json:"containerOverrides,omitempty"`
}

type awsArray struct {
	Size int `json:"size"`
}

// awsDependency is a JobDependency. The merge waits for the whole array:
// a job that depends on an array job's ID, with no type, starts once
// every child has succeeded. N_TO_N pairs the children of two array jobs
// index by index and SEQUENTIAL chains an array's own children: neither
// is a merge's dependency
// (https://docs.aws.amazon.com/batch/latest/userguide/job_dependencies.html,
// https://docs.aws.amazon.com/batch/latest/userguide/example_array_job.html).
type awsDependency struct {
	JobID string `json:"jobId"`
	Type  string `json:"type,omitempty"`
}

type awsContainerOverr struct {
	Command []string `json:"command"`
}

// awsMountPath is where the EFS file system is mounted in the containers.
const awsMountPath = "/faassim"

// awsShardsJobID stands for the array job's ID in submitMerge until the
// steps replace it (jq) with the ID submit-job printed.
const awsShardsJobID = "SHARDS_JOB_ID"

var (
	efsID     = regexp.MustCompile(`^fs-[0-9a-f]{8,40}$`)
	awsQueueR = regexp.MustCompile(`^(arn:[^\s]+|[A-Za-z0-9][A-Za-z0-9_-]{0,127})$`)
)

func batchAWSCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("batch aws-batch", batchAWSIntro, stdout, stderr)
	var b batchFlags
	b.register(fs)
	image := fs.String("image", "", "container `IMAGE` holding faassim as its entrypoint (required)")
	queue := fs.String("job-queue", "", "AWS Batch job `QUEUE` (a name or ARN; required)")
	efs := fs.String("efs", "", "Amazon EFS file system `ID` (fs-...) the jobs share (required)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	const cmd = "batch aws-batch"
	switch {
	case *image == "":
		return usageError{fmt.Errorf("%s: --image is required: the container image holding faassim (build it from the Dockerfile)", cmd)}
	case *queue == "":
		return usageError{fmt.Errorf("%s: --job-queue is required: the AWS Batch job queue the jobs go to", cmd)}
	case !awsQueueR.MatchString(*queue):
		return usageError{fmt.Errorf("%s: --job-queue %q: want a queue name (letters, digits, '-', '_') or an ARN", cmd, *queue)}
	case *efs == "":
		return usageError{fmt.Errorf("%s: --efs is required: the Amazon EFS file system (fs-...) where the shards write and the merge reads", cmd)}
	case !efsID.MatchString(*efs):
		return usageError{fmt.Errorf("%s: --efs %q: want a file system ID such as fs-12345678", cmd, *efs)}
	}
	// An array job has 2 to 10,000 children
	// (https://docs.aws.amazon.com/batch/latest/userguide/array_jobs.html).
	if fs.Changed("shards") && (b.shards == 1 || b.shards > 10_000) {
		return usageError{fmt.Errorf("%s: --shards %d: an AWS Batch array job has 2 to 10000 children (one shard is an ordinary faassim run)", cmd, b.shards)}
	}
	st, err := b.study(fs, cmd)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // the steps are shell commands: && and > as written
	enc.SetIndent("", "  ")
	if err := enc.Encode(awsStudyOf(st, *image, *queue, *efs)); err != nil {
		return err
	}
	return b.write(ctx, cmd, stdout, buf.Bytes())
}

func awsStudyOf(st *batchStudy, image, queue, efs string) awsStudy {
	dir := awsMountPath + "/" + st.name
	// The container starts faassim without a shell: batch exec puts the
	// child's index, in the environment only, into the file name.
	shard := append([]string{"batch", "exec"}, st.runCommand(dir+"/scenario.yaml", dir+"/shard-$(AWS_BATCH_JOB_ARRAY_INDEX).json")...)
	merge := st.mergeCommand(dir)
	def := awsJobDefinition{
		JobDefinitionName: st.name, Type: "container", PlatformCapabilities: []string{"EC2"},
		Timeout:       awsTimeout{AttemptDurationSeconds: st.seconds},
		RetryStrategy: awsRetry{Attempts: 3}, // a child lost with its Spot instance runs again
		ContainerProperties: awsContainerProp{
			Image: image, Command: shard,
			ResourceRequirements: []awsResource{{"VCPU", strconv.Itoa(st.cpus)}, {"MEMORY", strconv.FormatInt(st.memoryMiB, 10)}},
			Volumes:              []awsVolume{{Name: "faassim", EFSVolumeConfiguration: awsEFSVolume{FileSystemID: efs, RootDirectory: "/", TransitEncryption: "ENABLED"}}},
			MountPoints:          []awsMount{{SourceVolume: "faassim", ContainerPath: awsMountPath}},
		},
	}
	return awsStudy{
		Steps: []string{
			fmt.Sprintf("faassim study %s: %s", st.name, st.describe()),
			fmt.Sprintf("on a host that mounts %s at /mnt/efs: mkdir -p /mnt/efs/%s && jq -r .scenario study.json > /mnt/efs/%s/scenario.yaml", efs, st.name, st.name),
			`aws batch register-job-definition --cli-input-json "$(jq .registerJobDefinition study.json)"`,
			`id=$(aws batch submit-job --cli-input-json "$(jq .submitShards study.json)" --query jobId --output text)`,
			`aws batch submit-job --cli-input-json "$(jq --arg id "$id" '.submitMerge | .dependsOn[0].jobId = $id' study.json)"`,
			fmt.Sprintf("once the merge has succeeded: faassim report /mnt/efs/%s/results.json", st.name),
		},
		Scenario:              string(st.scenario),
		RegisterJobDefinition: def,
		SubmitShards: awsSubmitJob{JobName: st.name, JobQueue: queue, JobDefinition: st.name,
			ArrayProperties: &awsArray{Size: st.shards}},
		SubmitMerge: awsSubmitJob{JobName: st.name + "-merge", JobQueue: queue, JobDefinition: st.name,
			DependsOn: []awsDependency{{JobID: awsShardsJobID}}, ContainerOverrides: &awsContainerOverr{Command: merge}},
	}
}
