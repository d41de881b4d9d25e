package iac

import (
	"errors"
	"time"
)

// Formats Parse recognises.
const (
	FormatServerless     = "serverless"     // Serverless Framework v3/v4 serverless.yml
	FormatSAM            = "sam"            // AWS SAM template (Transform: AWS::Serverless-2016-10-31)
	FormatCloudFormation = "cloudformation" // plain CloudFormation with AWS::Lambda::Function
)

// Template is what a deployment file says about its functions: each
// function's settings with the provider's or Globals' defaults applied,
// and what was not understood.
type Template struct {
	Format  string // one of the Format constants
	Service string // serverless.yml's service, or the template's Description; may be empty
	// Functions in the order the file lists them.
	Functions []Function
	// Warnings are things the user must see but that do not stop an
	// import: an unresolved ${...} variable and the default used instead,
	// a runtime with no cold-start figure, an event kind without a model.
	Warnings []Problem
	// Problems are impossible combinations (SnapStart with provisioned
	// concurrency, SnapStart on a runtime that has none, a memory size
	// outside 128-10,240 MB). Parse still returns the Template.
	Problems []Problem
	// Ignored counts what was skipped without error, by kind: "resources"
	// (resources that are not functions), "plugins", "custom keys",
	// "unknown keys".
	Ignored map[string]int
}

// Problem is one finding, at the line of the file that caused it.
type Problem struct {
	Line   int    // 1-based; 0 when unknown
	Path   string // YAML path, e.g. functions.api.memorySize or Resources.Api.Properties.Timeout
	Reason string
}

func (p Problem) String() string { return "" }

// Function is one Lambda function as deployed.
type Function struct {
	Name string // the key under functions: or the resource's logical ID
	Line int    // where it is defined
	// Runtime is the AWS runtime identifier as written (python3.12,
	// nodejs20.x, java21, provided.al2023, ...); empty for an image.
	Runtime string
	// Family is faassim's runtime for cold-start figures: python, nodejs,
	// go, java or container (images and unknown runtimes: see Warnings).
	Family      string
	PackageType string // Zip or Image
	MemoryMB    int
	Timeout     time.Duration
	// Architecture is x86_64 or arm64.
	Architecture       string
	EphemeralStorageMB int
	// ReservedConcurrency is nil when not set (0 means the function is
	// switched off, as AWS reads it).
	ReservedConcurrency    *int
	ProvisionedConcurrency int
	SnapStart              bool
	Events                 []Event
}

// Event is one trigger of a function.
type Event struct {
	// Kind is the trigger as the file names it, lower-cased to one
	// vocabulary: http, httpApi, sqs, schedule, s3, sns, eventBridge,
	// stream, ... (SAM's Api becomes http, HttpApi httpApi, SQS sqs,
	// Schedule and ScheduleV2 schedule, Kinesis and DynamoDB stream).
	Kind string
	Line int
	// Schedule is the expression of a schedule event as written,
	// "rate(5 minutes)" or "cron(0 12 * * ? *)".
	Schedule string
	// Enabled is false for a schedule switched off in the file.
	Enabled bool
	// BatchSize is an sqs or stream event's batch size (0: not written).
	BatchSize int
}

// Options bound what Parse reads.
type Options struct {
	// Vars resolve ${...} variables: "opt:stage" -> "prod",
	// "env:TABLE" -> "x", "self:custom.memory" is looked up in the file.
	Vars map[string]string
}

// Parse reads a serverless.yml, SAM or CloudFormation template (YAML or
// JSON). name only labels problems. It detects the format from the
// content (a provider: and functions: block; Resources with
// AWS::Serverless::Function or AWS::Lambda::Function).
func Parse(name string, data []byte, opt Options) (*Template, error) {
	return nil, errors.New("iac: not written yet")
}
