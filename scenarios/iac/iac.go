package iac

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/goccy/go-yaml/parser"

	"faassim/internal/limits"
	"faassim/internal/yamlerr"
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
	// "unknown keys" (keys none of the formats defines), and "unused keys"
	// (keys the format defines that have no bearing on cost or latency:
	// handler, environment, package, iam, ...).
	Ignored map[string]int
}

// Problem is one finding, at the line of the file that caused it.
type Problem struct {
	Line   int    // 1-based; 0 when unknown
	Path   string // YAML path, e.g. functions.api.memorySize or Resources.Api.Properties.Timeout
	Reason string
}

// String writes the problem as "LINE: path: reason", leaving out what is
// not known.
func (p Problem) String() string {
	s := p.Reason
	if p.Path != "" {
		s = p.Path + ": " + s
	}
	if p.Line > 0 {
		s = strconv.Itoa(p.Line) + ": " + s
	}
	return s
}

// Function is one Lambda function as deployed.
type Function struct {
	Name string // the key under functions: or the resource's logical ID
	// DeployedName is the function's name in AWS, as its logs name it
	// (log group /aws/lambda/NAME), when the file says: serverless.yml's
	// name: or SERVICE-STAGE-KEY; SAM's and CloudFormation's FunctionName.
	// "" when it cannot be known here (CloudFormation then generates one).
	DeployedName string
	Line         int // where it is defined
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
	// A CloudFormation parameter's value may be given as "param:NAME"; a
	// parameter without one takes its Default, with a warning.
	Vars map[string]string
	// Budget sets the size cap of the file (a thousandth of its memory
	// bound, as for every YAML input); the zero value is the default.
	Budget limits.Budget
}

// Error is input Parse cannot read: not YAML or JSON, over the caps, none
// of the three formats, no functions, a function that is not a mapping.
type Error struct {
	File string
	Line int // 0 when it is about the whole file
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return e.File + ": " + e.Msg
}

// Parse reads a serverless.yml, SAM or CloudFormation template (YAML or
// JSON). name only labels errors. It detects the format from the content
// (a provider: or functions: block; Resources with AWS::Serverless::Function
// or AWS::Lambda::Function, or SAM's Transform). The error, an *Error, is
// only for input it cannot read; impossible settings are Problems of the
// Template returned.
func Parse(name string, data []byte, opt Options) (*Template, error) {
	body, err := parseTree(name, data, opt)
	if err != nil {
		return nil, err
	}
	p := &reader{file: name, opt: opt, root: body, t: &Template{Ignored: map[string]int{}}, warned: map[string]bool{}}
	switch p.t.Format = detect(body); p.t.Format {
	case FormatServerless:
		err = p.serverless()
	case FormatSAM, FormatCloudFormation:
		err = p.cloudFormation()
	default:
		line := 0
		if body != nil {
			line = body.line
		}
		return nil, &Error{File: name, Line: line, Msg: "not a deployment file: expected a Serverless Framework serverless.yml " +
			"(provider: and functions:), an AWS SAM template (Transform: AWS::Serverless-2016-10-31) or a CloudFormation " +
			"template (Resources: with an AWS::Lambda::Function), in YAML or JSON"}
	}
	if err != nil {
		return nil, err
	}
	// In file order, as a reader goes through it.
	byLine := func(a, b Problem) int { return a.Line - b.Line }
	slices.SortStableFunc(p.t.Warnings, byLine)
	slices.SortStableFunc(p.t.Problems, byLine)
	return p.t, nil
}

// parseTree checks data against the YAML caps and parses it into nodes.
func parseTree(name string, data []byte, opt Options) (*node, error) {
	// Caps first: the parser's memory grows with the square of the depth.
	if err := limits.YAMLInput("deployment file", opt.Budget).CheckYAML(data); err != nil {
		return nil, &Error{File: name, Line: err.Line, Msg: err.Msg}
	}
	file, err := parser.ParseBytes(data, 0)
	if err != nil {
		line, msg := yamlerr.Split(err)
		return nil, &Error{File: name, Line: line, Msg: "not YAML or JSON: " + msg}
	}
	if len(file.Docs) == 0 || file.Docs[0] == nil || file.Docs[0].Body == nil {
		return nil, nil
	}
	c := &converter{anchors: map[string]*node{}}
	body, err := c.convert(file.Docs[0].Body)
	if err != nil {
		return nil, &Error{File: name, Msg: err.Error()}
	}
	return body, nil
}

// detect tells the format from the top-level keys.
func detect(root *node) string {
	if root == nil || root.kind != mapNode {
		return ""
	}
	if res := root.get("Resources"); res != nil || root.get("AWSTemplateFormatVersion") != nil || root.get("Transform") != nil {
		if isSAM(root) {
			return FormatSAM
		}
		return FormatCloudFormation
	}
	if root.get("functions") != nil || root.get("provider") != nil {
		return FormatServerless
	}
	return ""
}

// isSAM: SAM's transform declared, or a SAM function used.
func isSAM(root *node) bool {
	tr := root.get("Transform")
	for _, t := range append([]*node{tr}, listItems(tr)...) {
		if t != nil && t.kind == scalarNode && t.text == "AWS::Serverless-2016-10-31" {
			return true
		}
	}
	res := root.get("Resources")
	if res == nil || res.kind != mapNode {
		return false
	}
	for _, r := range res.vals {
		if t := r.get("Type"); t != nil && t.kind == scalarNode && t.text == "AWS::Serverless::Function" {
			return true
		}
	}
	return false
}

// listItems returns a list's entries, or nothing.
func listItems(n *node) []*node {
	if n == nil || n.kind != listNode {
		return nil
	}
	return n.items
}

// mapKeys returns a mapping's keys, or nothing.
func mapKeys(n *node) []string {
	if n == nil || n.kind != mapNode {
		return nil
	}
	return n.keys
}

// Named reports whether name is f's: its key or logical ID, or its
// deployed name (logs and exports name functions so).
func (f *Function) Named(name string) bool {
	return name != "" && (name == f.Name || name == f.DeployedName)
}
