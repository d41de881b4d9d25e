package iac

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func ptr(n int) *int { return &n }

// want is a finding expected at a line and path, its reason holding each
// of the texts in has (the default used, the parameter, the rule broken).
type want struct {
	line int
	path string
	has  []string
}

func checkFindings(t *testing.T, kind string, got []Problem, wants []want) {
	t.Helper()
	if len(got) != len(wants) {
		t.Errorf("%s: got %d, want %d:\n%s", kind, len(got), len(wants), joinProblems(got))
		return
	}
	for i, w := range wants {
		g := got[i]
		if g.Line != w.line || g.Path != w.path {
			t.Errorf("%s[%d]: got %q, want line %d path %s", kind, i, g, w.line, w.path)
		}
		for _, h := range w.has {
			if !strings.Contains(g.Reason, h) {
				t.Errorf("%s[%d]: %q lacks %q", kind, i, g, h)
			}
		}
	}
}

func joinProblems(ps []Problem) string {
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "  %s\n", p)
	}
	return b.String()
}

func TestParseFixtures(t *testing.T) {
	const s = time.Second
	tests := []struct {
		file, format, service string
		functions             []Function
		warnings, problems    []want
		ignored               map[string]int
	}{{
		file: "serverless.yml", format: FormatServerless, service: "orders-api",
		functions: []Function{
			// provider: python3.12, 512 MB, 10 s; the rest Lambda's defaults.
			{Name: "api", Line: 39, Runtime: "python3.12", Family: "python", PackageType: "Zip", MemoryMB: 512, Timeout: 10 * s,
				Architecture: "x86_64", EphemeralStorageMB: 512, ProvisionedConcurrency: 5,
				Events: []Event{{Kind: "httpApi", Line: 43, Enabled: true}, {Kind: "httpApi", Line: 46, Enabled: true}}},
			// memorySize from ssm: unresolved, so the provider's 512 MB.
			{Name: "legacyApi", Line: 47, Runtime: "nodejs20.x", Family: "nodejs", PackageType: "Zip", MemoryMB: 512, Timeout: 29 * s,
				Architecture: "x86_64", EphemeralStorageMB: 512, ReservedConcurrency: ptr(50),
				Events: []Event{{Kind: "http", Line: 54, Enabled: true}}},
			// memorySize from ${self:custom.workerMemory}.
			{Name: "worker", Line: 57, Runtime: "python3.12", Family: "python", PackageType: "Zip", MemoryMB: 2048, Timeout: 120 * s,
				Architecture: "arm64", EphemeralStorageMB: 2048,
				Events: []Event{{Kind: "sqs", Line: 64, Enabled: true, BatchSize: 10}, {Kind: "sqs", Line: 67, Enabled: true}}},
			// timeout: the fallback 300 of ${self:custom.reportTimeout, 300}; a rate list is one event per expression.
			{Name: "nightlyReport", Line: 68, Runtime: "python3.12", Family: "python", PackageType: "Zip", MemoryMB: 512, Timeout: 300 * s,
				Architecture: "x86_64", EphemeralStorageMB: 512,
				Events: []Event{{Kind: "schedule", Line: 72, Schedule: "rate(5 minutes)", Enabled: true},
					{Kind: "schedule", Line: 75, Schedule: "cron(0 2 * * ? *)"}, {Kind: "schedule", Line: 76, Schedule: "cron(0 14 * * ? *)"}}},
			{Name: "invoices", Line: 78, Runtime: "java21", Family: "java", PackageType: "Zip", MemoryMB: 1536, Timeout: 10 * s,
				Architecture: "x86_64", EphemeralStorageMB: 512, SnapStart: true,
				Events: []Event{{Kind: "s3", Line: 84, Enabled: true}, {Kind: "sns", Line: 87, Enabled: true}, {Kind: "eventBridge", Line: 88, Enabled: true},
					{Kind: "stream", Line: 91, Enabled: true, BatchSize: 100}, {Kind: "websocket", Line: 95, Enabled: true}}},
			{Name: "thumbnailer", Line: 98, Family: "container", PackageType: "Image", MemoryMB: 12288, Timeout: 10 * s,
				Architecture: "x86_64", EphemeralStorageMB: 512, Events: []Event{{Kind: "s3", Line: 103, Enabled: true}}},
		},
		warnings: []want{{50, "functions.legacyApi.memorySize", []string{"${ssm:/orders/legacy/memory}", "512 MB (provider.memorySize) used"}}},
		problems: []want{{101, "functions.thumbnailer.memorySize", []string{"12288 MB", "128-10,240"}}},
		// frameworkVersion, package; provider stage, region, environment,
		// iam; five handlers and a tracing: 12 unused. concurrencyAutoscaling
		// (a plugin's) is unknown.
		ignored: map[string]int{"plugins": 3, "custom keys": 4, "resources": 2, "unused keys": 12, "unknown keys": 1},
	}, {
		file: "template.yaml", format: FormatSAM, service: "Payments backend",
		functions: []Function{
			// Globals: python3.11, 256 MB, 10 s; Timeout from FindInMap(StageConfig, dev).
			{Name: "CheckoutFunction", Line: 43, Runtime: "python3.11", Family: "python", PackageType: "Zip", MemoryMB: 256, Timeout: 15 * s,
				Architecture: "x86_64", EphemeralStorageMB: 512,
				Events: []Event{{Kind: "http", Line: 56, Enabled: true}, {Kind: "httpApi", Line: 61, Enabled: true}}},
			// MemorySize: the parameter's Default; Architectures replaced, not concatenated.
			{Name: "SettlementWorker", Line: 67, Runtime: "python3.11", Family: "python", PackageType: "Zip", MemoryMB: 1024, Timeout: 10 * s,
				Architecture: "arm64", EphemeralStorageMB: 1024, ReservedConcurrency: ptr(20), ProvisionedConcurrency: 10,
				Events: []Event{{Kind: "sqs", Line: 82, Enabled: true, BatchSize: 25}, {Kind: "stream", Line: 87, Enabled: true, BatchSize: 50}}},
			{Name: "ReconcileFunction", Line: 94, Runtime: "java17", Family: "java", PackageType: "Zip", MemoryMB: 2048, Timeout: 300 * s,
				Architecture: "x86_64", EphemeralStorageMB: 512, SnapStart: true,
				Events: []Event{{Kind: "schedule", Line: 105, Schedule: "rate(1 hour)", Enabled: true},
					{Kind: "schedule", Line: 110, Schedule: "cron(30 1 * * ? *)"}, {Kind: "s3", Line: 115, Enabled: true},
					{Kind: "sns", Line: 120, Enabled: true}, {Kind: "eventBridge", Line: 124, Enabled: true}, {Kind: "cloudwatchLog", Line: 129, Enabled: true}}},
			{Name: "PdfRenderer", Line: 135, Family: "container", PackageType: "Image", MemoryMB: 3008, Timeout: 60 * s,
				Architecture: "arm64", EphemeralStorageMB: 512, Events: []Event{{Kind: "stream", Line: 145, Enabled: true}}},
			// Plain AWS::Lambda::Function: no Globals, CloudFormation's 128 MB.
			{Name: "LegacyHook", Line: 154, Runtime: "ruby3.3", Family: "python", PackageType: "Zip", MemoryMB: 128, Timeout: 1200 * s,
				Architecture: "x86_64", EphemeralStorageMB: 512},
		},
		warnings: []want{
			{48, "Resources.CheckoutFunction.Properties.Timeout", []string{"!Ref Stage", `Default "dev"`}},
			{72, "Resources.SettlementWorker.Properties.MemorySize", []string{"!Ref WorkerMemory", `Default "1024"`}},
			{79, "Resources.SettlementWorker.Properties.ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions", []string{"IsProd", "first branch"}},
			{101, "Resources.ReconcileFunction.Properties.Timeout", []string{"ReconcileTimeout", `Default "300"`}},
			{142, "Resources.PdfRenderer.Properties.Architectures", []string{"IsProd", "first branch"}},
			{158, "Resources.LegacyHook.Properties.Runtime", []string{"ruby3.3", "python's used"}},
		},
		problems: []want{{163, "Resources.LegacyHook.Properties.Timeout", []string{"20m0s", "1-900 s"}}},
		// Handlers, CodeUris, Environment and Layers (Globals' too, per
		// function), AutoPublishAlias, Tracing, Role: 18. MysteryKnob is unknown.
		ignored: map[string]int{"resources": 6, "unused keys": 18, "unknown keys": 1},
	}, {
		file: "stack.json", format: FormatCloudFormation, service: "Media pipeline (plain CloudFormation)",
		functions: []Function{
			{Name: "ImageResizer", Line: 8, Family: "container", PackageType: "Image", MemoryMB: 1769, Timeout: 30 * s,
				Architecture: "arm64", EphemeralStorageMB: 512},
			// Provisioned concurrency from the AWS::Lambda::Version, the sqs
			// event from the event source mapping.
			{Name: "OrderConsumer", Line: 19, Runtime: "python3.13", Family: "python", PackageType: "Zip", MemoryMB: 768, Timeout: 3 * s,
				Architecture: "x86_64", EphemeralStorageMB: 4096, ReservedConcurrency: ptr(0), ProvisionedConcurrency: 3,
				Events: []Event{{Kind: "sqs", Line: 48, Enabled: true, BatchSize: 5}}},
			{Name: "Cleanup", Line: 31, Runtime: "provided.al2023", Family: "go", PackageType: "Zip", MemoryMB: 128, Timeout: 60 * s,
				Architecture: "x86_64", EphemeralStorageMB: 512, Events: []Event{{Kind: "schedule", Line: 56, Schedule: "cron(0 3 * * ? *)", Enabled: true}}},
		},
		warnings: []want{
			{24, "Resources.OrderConsumer.Properties.MemorySize", []string{"ConsumerMemory", `Default "768"`}},
			{34, "Resources.Cleanup.Properties.Runtime", []string{"provided.al2023", "taken as go"}},
			{36, "Resources.Cleanup.Properties.Timeout", []string{"Never", "first branch"}},
		},
		ignored: map[string]int{"resources": 2, "unused keys": 5},
	}, {
		file: "snapstart.yaml", format: FormatSAM, service: "Settings Lambda refuses",
		functions: []Function{
			{Name: "Quotes", Line: 6, Runtime: "java21", Family: "java", PackageType: "Zip", MemoryMB: 2048, Timeout: 3 * s,
				Architecture: "x86_64", EphemeralStorageMB: 512, ProvisionedConcurrency: 4, SnapStart: true},
			{Name: "OldPython", Line: 17, Runtime: "python3.11", Family: "python", PackageType: "Zip", MemoryMB: 128, Timeout: 3 * s,
				Architecture: "x86_64", EphemeralStorageMB: 512, SnapStart: true},
			{Name: "ImageSnap", Line: 24, Family: "container", PackageType: "Image", MemoryMB: 128, Timeout: 3 * s,
				Architecture: "x86_64", EphemeralStorageMB: 512, SnapStart: true},
			{Name: "BigTmp", Line: 31, Runtime: "dotnet8", Family: "java", PackageType: "Zip", MemoryMB: 128, Timeout: 3 * s,
				Architecture: "x86_64", EphemeralStorageMB: 1024, SnapStart: true},
			{Name: "OutOfRange", Line: 40, Runtime: "nodejs22.x", Family: "nodejs", PackageType: "Zip", MemoryMB: 64, Timeout: 0,
				Architecture: "x86", EphemeralStorageMB: 20480},
		},
		warnings: []want{{34, "Resources.BigTmp.Properties.Runtime", []string{"dotnet8", "java's used"}}},
		// docs.aws.amazon.com/lambda/latest/dg/snapstart.html: Java 11+,
		// Python 3.12+, .NET 8+; no provisioned concurrency, no images, no
		// ephemeral storage above 512 MB. Lambda's limits: 128-10,240 MB,
		// 1-900 s, 512-10,240 MB, x86_64 or arm64.
		problems: []want{
			{13, "Resources.Quotes.Properties.SnapStart", []string{"provisioned concurrency", "line 15"}},
			{22, "Resources.OldPython.Properties.SnapStart", []string{"python3.11"}},
			{29, "Resources.ImageSnap.Properties.SnapStart", []string{"container images"}},
			{38, "Resources.BigTmp.Properties.SnapStart", []string{"above 512 MB", "1024 MB"}},
			{45, "Resources.OutOfRange.Properties.MemorySize", []string{"64 MB"}},
			{46, "Resources.OutOfRange.Properties.Timeout", []string{"0s"}},
			{47, "Resources.OutOfRange.Properties.Architectures", []string{`"x86"`}},
			{48, "Resources.OutOfRange.Properties.EphemeralStorage", []string{"20480 MB"}},
		},
		ignored: map[string]int{"unused keys": 5},
	}}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			tpl := parseFile(t, tc.file, Options{})
			if tpl.Format != tc.format || tpl.Service != tc.service {
				t.Errorf("format %q service %q, want %q %q", tpl.Format, tpl.Service, tc.format, tc.service)
			}
			if len(tpl.Functions) != len(tc.functions) {
				t.Fatalf("%d functions, want %d", len(tpl.Functions), len(tc.functions))
			}
			for i, w := range tc.functions {
				g := tpl.Functions[i]
				// Deployed names are checked in TestDeployedNames.
				g.DeployedName = ""
				if !reflect.DeepEqual(g, w) {
					t.Errorf("function %d:\n got %s\nwant %s", i, dumpFunction(g), dumpFunction(w))
				}
			}
			checkFindings(t, "warnings", tpl.Warnings, tc.warnings)
			checkFindings(t, "problems", tpl.Problems, tc.problems)
			if !maps.Equal(tpl.Ignored, tc.ignored) {
				t.Errorf("ignored %v, want %v", tpl.Ignored, tc.ignored)
			}
		})
	}
}

func parseFile(t testing.TB, file string, opt Options) *Template {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := Parse(file, data, opt)
	if err != nil {
		t.Fatal(err)
	}
	return tpl
}

// dumpFunction writes a function on one line, events included.
func dumpFunction(f Function) string {
	r := "-"
	if f.ReservedConcurrency != nil {
		r = fmt.Sprint(*f.ReservedConcurrency)
	}
	s := fmt.Sprintf("%s line %d %s/%s %s %d MB %v %s tmp %d MB reserved %s provisioned %d snapstart %v",
		f.Name, f.Line, f.Runtime, f.Family, f.PackageType, f.MemoryMB, f.Timeout, f.Architecture, f.EphemeralStorageMB, r, f.ProvisionedConcurrency, f.SnapStart)
	for _, e := range f.Events {
		s += fmt.Sprintf("\n    %s line %d %q enabled %v batch %d", e.Kind, e.Line, e.Schedule, e.Enabled, e.BatchSize)
	}
	return s
}

// SAM's merge rules on the fixture's Globals: maps merged key by key (the
// function's LOG_LEVEL wins, STAGE kept, TABLE added), lists additive with
// the Globals' entries first (docs.aws.amazon.com/serverless-application-model/
// latest/developerguide/sam-specification-template-anatomy-globals.html).
func TestGlobalsMerge(t *testing.T) {
	data, err := os.ReadFile("testdata/template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p := &reader{}
	p.root, err = parseTree("template.yaml", data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	g := p.root.get("Globals").get("Function")
	props := p.root.get("Resources").get("CheckoutFunction").get("Properties")
	env := mergeGlobal(g.get("Environment"), props.get("Environment"), "Environment").get("Variables")
	if !slices.Equal(env.keys, []string{"STAGE", "LOG_LEVEL", "TABLE"}) || env.get("LOG_LEVEL").text != "DEBUG" ||
		env.get("STAGE").get("Ref").text != "Stage" {
		t.Errorf("Environment.Variables merged to %v (LOG_LEVEL %s)", env.keys, env.get("LOG_LEVEL").describe())
	}
	layers := listItems(mergeGlobal(g.get("Layers"), props.get("Layers"), "Layers"))
	if len(layers) != 2 || layers[0].get("Fn::Sub") == nil || layers[1].get("Ref").text != "SharedLayer" {
		t.Errorf("Layers merged to %d entries, want the Globals' !Sub then the function's !Ref", len(layers))
	}
	if m := mergeGlobal(g.get("Runtime"), &node{kind: scalarNode, text: "java21"}, "Runtime"); m.text != "java21" {
		t.Errorf("a scalar is replaced: got %s", m.describe())
	}
	arch := mergeGlobal(g.get("Architectures"), &node{kind: listNode, items: []*node{{kind: scalarNode, text: "arm64"}}}, "Architectures")
	if len(arch.items) != 1 || arch.items[0].text != "arm64" {
		t.Errorf("Architectures replaced: got %d entries", len(arch.items))
	}
}

// The name a function has in AWS, which its logs carry: serverless.yml's
// SERVICE-STAGE-KEY (the stage from --var opt:stage, provider.stage or
// dev) or its name:, and SAM's FunctionName when it resolves here.
func TestDeployedNames(t *testing.T) {
	tpl := parseFile(t, "serverless.yml", Options{})
	if got := tpl.Functions[0].DeployedName; got != "orders-api-dev-api" {
		t.Errorf("serverless api: %q, want orders-api-dev-api", got)
	}
	tpl = parseFile(t, "serverless.yml", Options{Vars: map[string]string{"opt:stage": "prod"}})
	if f := tpl.Functions[0]; f.DeployedName != "orders-api-prod-api" || !f.Named("orders-api-prod-api") || !f.Named("api") || f.Named("orders-api-dev-api") {
		t.Errorf("serverless api at stage prod: %q", f.DeployedName)
	}
	for _, c := range []struct{ doc, want string }{
		{"service: s\nprovider: {name: aws, runtime: python3.12}\nfunctions:\n  api: {handler: h.h, name: shop-api}\n", "shop-api"},
		{"Transform: AWS::Serverless-2016-10-31\nParameters:\n  Stage: {Type: String, Default: prod}\nResources:\n  Api:\n    Type: AWS::Serverless::Function\n    Properties: {Runtime: python3.12, Handler: h.h, FunctionName: !Sub 'orders-api-${Stage}'}\n", "orders-api-prod"},
		{"Resources:\n  Api:\n    Type: AWS::Lambda::Function\n    Properties: {Runtime: python3.12, Handler: h.h, Role: r, Code: {ZipFile: x}}\n", ""},
	} {
		tpl, err := Parse("t.yaml", []byte(c.doc), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := tpl.Functions[0].DeployedName; got != c.want {
			t.Errorf("%q: deployed name %q, want %q", c.doc, got, c.want)
		}
	}
}
