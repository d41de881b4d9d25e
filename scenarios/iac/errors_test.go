package iac

import (
	"errors"
	"strings"
	"testing"

	"faassim/internal/limits"
)

// Errors are only for input that cannot be read; each names the file and,
// where there is one, the line.
func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, src string
		opt       Options
		line      int
		has       string
	}{
		{"not YAML", "functions: [a, b\n", Options{}, 1, "not YAML or JSON"},
		{"broken JSON", `{"Resources": {"F": }`, Options{}, 1, "not YAML or JSON"},
		{"empty", "", Options{}, 0, "expected a Serverless Framework serverless.yml"},
		{"a scalar", "hello\n", Options{}, 1, "AWS SAM template"},
		{"another YAML", "apiVersion: v1\nkind: Pod\n", Options{}, 1, "CloudFormation"},
		{"no functions", "service: s\nprovider:\n  name: aws\n", Options{}, 0, "no functions"},
		{"empty functions", "service: s\nfunctions: {}\n", Options{}, 2, "no functions"},
		{"function not a mapping", "service: s\nfunctions:\n  a:\n    handler: h\n  b: oops\n", Options{}, 5, "functions.b: want a mapping"},
		{"functions a scalar", "service: s\nfunctions: 3\n", Options{}, 2, "functions: want a mapping"},
		{"no Lambda in Resources", "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n", Options{}, 2, "no functions"},
		{"Resources a list", "AWSTemplateFormatVersion: '2010-09-09'\nResources: [a]\n", Options{}, 2, "Resources: want a mapping"},
		{"Properties a list", "Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties: [1]\n", Options{}, 4, "Resources.F.Properties: want a mapping"},
		{"control character", "service: s\x01\n", Options{}, 1, "control character"},
		{"too deep", "functions:" + strings.Repeat(" [", 150) + strings.Repeat("]", 150) + "\n", Options{}, 1, "nested more than 100 deep"},
		{"two documents", "functions: {a: {}}\n---\nfunctions: {b: {}}\n", Options{}, 3, "one YAML document"},
		{"over the size cap", "service: s\n" + strings.Repeat("# padding\n", 10_000), Options{Budget: limits.Budget{MaxMemory: 1 << 20}}, 0, "a deployment file may be"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tpl, err := Parse("in.yml", []byte(tc.src), tc.opt)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("got %v, %v; want an *Error", tpl, err)
			}
			if e.File != "in.yml" || e.Line != tc.line || !strings.Contains(e.Msg, tc.has) {
				t.Errorf("got %q (line %d), want line %d and %q", err, e.Line, tc.line, tc.has)
			}
		})
	}
}

func TestProblemString(t *testing.T) {
	tests := []struct {
		p    Problem
		want string
	}{
		{Problem{Line: 12, Path: "functions.api.memorySize", Reason: "memory 64 MB is outside Lambda's 128-10,240 MB"},
			"12: functions.api.memorySize: memory 64 MB is outside Lambda's 128-10,240 MB"},
		{Problem{Path: "provider.name", Reason: "read as AWS"}, "provider.name: read as AWS"},
		{Problem{Reason: "just a reason"}, "just a reason"},
	}
	for _, tc := range tests {
		if got := tc.p.String(); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
}

// Every short-form tag becomes its long form (cfn-flip's reading), and
// the long forms read the same.
func TestIntrinsicTags(t *testing.T) {
	var src strings.Builder
	src.WriteString("Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n")
	tags := []string{"!Ref", "!Sub", "!GetAtt", "!If", "!Join", "!Select", "!FindInMap", "!ImportValue", "!Equals",
		"!Not", "!And", "!Or", "!Condition", "!Base64", "!Split", "!GetAZs", "!Cidr"}
	for i, tag := range tags {
		arg := "[a, b, c]"
		if i%2 == 0 {
			arg = "x.y"
		}
		src.WriteString("      K" + tag[1:] + ": " + tag + " " + arg + "\n")
	}
	root, err := parseTree("t.yaml", []byte(src.String()), Options{})
	if err != nil {
		t.Fatal(err)
	}
	props := root.get("Resources").get("F").get("Properties")
	for _, tag := range tags {
		long := "Fn::" + tag[1:]
		if tag == "!Ref" || tag == "!Condition" {
			long = tag[1:]
		}
		v := props.get("K" + tag[1:])
		if v == nil || v.kind != mapNode || len(v.keys) != 1 || v.keys[0] != long || v.vals[0].isNull() {
			t.Errorf("%s read as %s, want {%s: ...}", tag, v.describe(), long)
		}
	}
	// The template parses as a function with unknown keys, never an error.
	if _, err := Parse("t.yaml", []byte(src.String()), Options{}); err != nil {
		t.Error(err)
	}
}

// What eval makes of each intrinsic in a numeric field: the value, or
// CloudFormation's default (128 MB) with a warning saying why.
func TestEval(t *testing.T) {
	head := `Parameters:
  Mem: {Type: Number, Default: 512}
  NoDefault: {Type: Number}
Mappings:
  Sizes:
    small: {mb: 256}
Conditions:
  Big: !Equals [!Ref Mem, 1024]
Resources:
  F:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      MemorySize: `
	tests := []struct {
		expr   string
		vars   map[string]string
		wantMB int
		warn   string
	}{
		{"!Ref Mem", nil, 512, `Default "512"`},
		{"!Ref Mem", map[string]string{"param:Mem": "2048"}, 2048, ""},
		{"!Ref NoDefault", nil, 128, "no Default"},
		{"!Ref AWS::Region", nil, 128, "pseudo parameter"},
		{"!Ref SomeBucket", nil, 128, "not a parameter"},
		{"!FindInMap [Sizes, small, mb]", nil, 256, ""},
		{"!FindInMap [Sizes, large, mb]", nil, 128, "Mappings has no Sizes.large.mb"},
		{"!If [Big, 3008, 1024]", nil, 3008, "first branch"},
		{"!Join ['', ['1', '0', '24']]", nil, 1024, ""},
		{"!Select [1, [64, 640, 6400]]", nil, 640, ""},
		{"!Select [9, [64]]", nil, 128, "not in the list"},
		{"!Sub '${Mem}'", nil, 512, `Default "512"`},
		{"!Sub ['${X}0', {X: 70}]", nil, 700, ""},
		{"!GetAtt Thing.Size", nil, 128, "!GetAtt cannot be resolved here (CloudFormation evaluates it when deploying)"},
		{"!ImportValue shared-mem", nil, 128, "!ImportValue cannot be resolved here"},
		{`{"Fn::FindInMap": [Sizes, small, mb]}`, nil, 256, ""},
		{"[1, 2]", nil, 128, "want a single value"},
		{"lots", nil, 128, `want a whole number, got "lots"`},
	}
	for _, tc := range tests {
		t.Run(tc.expr, func(t *testing.T) {
			tpl, err := Parse("t.yaml", []byte(head+tc.expr+"\n"), Options{Vars: tc.vars})
			if err != nil {
				t.Fatal(err)
			}
			if got := tpl.Functions[0].MemoryMB; got != tc.wantMB {
				t.Errorf("memory %d MB, want %d", got, tc.wantMB)
			}
			switch {
			case tc.warn == "" && len(tpl.Warnings) > 0:
				t.Errorf("unexpected warnings:\n%s", joinProblems(tpl.Warnings))
			case tc.warn != "" && (len(tpl.Warnings) != 1 || !strings.Contains(tpl.Warnings[0].Reason, tc.warn) ||
				tpl.Warnings[0].Path != "Resources.F.Properties.MemorySize" || tpl.Warnings[0].Line != 14):
				t.Errorf("want one warning at 14 Resources.F.Properties.MemorySize holding %q, got:\n%s", tc.warn, joinProblems(tpl.Warnings))
			}
		})
	}
}
