package iac

import (
	"strings"
	"testing"
)

// One function whose memorySize is the expression under test, so that the
// value read (or the default used) shows in MemoryMB.
func TestVariables(t *testing.T) {
	tests := []struct {
		name   string
		custom string // the custom: block's body
		memory string // functions.f.memorySize as written
		vars   map[string]string
		wantMB int
		warn   []string // texts the one warning holds; nil: no warning
	}{
		{"self", "mem: 768", "${self:custom.mem}", nil, 768, nil},
		{"self fallback used", "", "${self:custom.missing, 640}", nil, 640, nil},
		{"quoted fallback", "", "${self:custom.missing, '896'}", nil, 896, nil},
		{"nested fallback", "", "${opt:mem, ${self:custom.missing, 320}}", nil, 320, nil},
		{"opt from Vars", "", "${opt:mem}", map[string]string{"opt:mem": "1536"}, 1536, nil},
		{"env from Vars", "", "${env:MEM}", map[string]string{"env:MEM": "2560"}, 2560, nil},
		{"stage in a path", "prod:\n    mem: 3008\n  dev:\n    mem: 128", "${self:custom.${opt:stage, 'dev'}.mem}",
			map[string]string{"opt:stage": "prod"}, 3008, nil},
		{"sls:stage default dev", "dev:\n    mem: 256", "${self:custom.${sls:stage}.mem}", nil, 256, nil},
		{"self chain", "a: ${self:custom.b}\n  b: 384", "${self:custom.a}", nil, 384, nil},
		{"ssm unresolved", "", "${ssm:/app/mem}", nil, 1024, []string{"${ssm:/app/mem}", "SSM", "1024 MB (the Serverless Framework's default) used"}},
		{"ssm with fallback", "", "${ssm:/app/mem, 448}", nil, 448, []string{"ssm:/app/mem", `fallback "448" used`}},
		{"ssm given", "", "${ssm:/app/mem}", map[string]string{"ssm:/app/mem": "832"}, 832, nil},
		{"cf", "", "${cf:stack.Output}", nil, 1024, []string{"cf:", "1024 MB"}},
		{"file", "", "${file(./mem.yml):mem}", nil, 1024, []string{"file(...)", "1024 MB"}},
		{"s3", "", "${s3:bucket/key}", nil, 1024, []string{"s3:", "1024 MB"}},
		{"unknown source", "", "${weird:x}", nil, 1024, []string{`unknown variable source "weird"`}},
		{"opt missing", "", "${opt:mem}", nil, 1024, []string{"--mem"}},
		{"missing self", "", "${self:custom.nope}", nil, 1024, []string{"custom.nope is not in the file"}},
		// maxVarDepth counts references: a chain of 10 resolves, 11 does not.
		{"chain of 10", "v0: ${self:custom.v1}\n  v1: ${self:custom.v2}\n  v2: ${self:custom.v3}\n  v3: ${self:custom.v4}\n  v4: ${self:custom.v5}\n  v5: ${self:custom.v6}\n  v6: ${self:custom.v7}\n  v7: ${self:custom.v8}\n  v8: ${self:custom.v9}\n  v9: 704", "${self:custom.v0}", nil, 704, nil},
		{"chain of 11", "v0: ${self:custom.v1}\n  v1: ${self:custom.v2}\n  v2: ${self:custom.v3}\n  v3: ${self:custom.v4}\n  v4: ${self:custom.v5}\n  v5: ${self:custom.v6}\n  v6: ${self:custom.v7}\n  v7: ${self:custom.v8}\n  v8: ${self:custom.v9}\n  v9: ${self:custom.v10}\n  v10: 704", "${self:custom.v0}", nil, 1024, []string{"more than 10 deep"}},
		{"loop", "a: ${self:custom.b}\n  b: ${self:custom.a}", "${self:custom.a}", nil, 1024, []string{"more than 10 deep"}},
		{"blow-up", "a: ${self:custom.b}${self:custom.b}${self:custom.b}${self:custom.b}\n  b: ${self:custom.c}${self:custom.c}${self:custom.c}${self:custom.c}\n" +
			"  c: ${self:custom.d}${self:custom.d}${self:custom.d}${self:custom.d}\n  d: ${self:custom.e}${self:custom.e}${self:custom.e}${self:custom.e}\n" +
			"  e: ${self:custom.f}${self:custom.f}${self:custom.f}${self:custom.f}\n  f: '0123456789012345678901234567890123456789'", "${self:custom.a}",
			nil, 1024, []string{"more than 4096 bytes"}},
		{"unterminated", "", "${self:custom.mem", nil, 1024, []string{"no closing }"}},
		{"not a number", "mem: lots", "${self:custom.mem}", nil, 1024, []string{`"lots"`, "1024 MB"}},
		{"a mapping", "mem: {a: 1}", "${self:custom.mem}", nil, 1024, []string{"is a mapping"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := "service: s\nprovider:\n  name: aws\n  runtime: python3.12\ncustom:\n  " + tc.custom +
				"\nfunctions:\n  f:\n    handler: h\n    memorySize: \"" + tc.memory + "\"\n"
			tpl, err := Parse("serverless.yml", []byte(src), Options{Vars: tc.vars})
			if err != nil {
				t.Fatalf("%v\n%s", err, src)
			}
			if got := tpl.Functions[0].MemoryMB; got != tc.wantMB {
				t.Errorf("memory %d MB, want %d", got, tc.wantMB)
			}
			if tc.warn == nil {
				if len(tpl.Warnings) > 0 {
					t.Errorf("unexpected warnings:\n%s", joinProblems(tpl.Warnings))
				}
				return
			}
			if len(tpl.Warnings) != 1 {
				t.Fatalf("want one warning, got:\n%s", joinProblems(tpl.Warnings))
			}
			w := tpl.Warnings[0]
			line := strings.Count(src[:strings.Index(src, "memorySize")], "\n") + 1
			if w.Path != "functions.f.memorySize" || w.Line != line {
				t.Errorf("warning at %d %s, want line %d functions.f.memorySize", w.Line, w.Path, line)
			}
			for _, h := range tc.warn {
				if !strings.Contains(w.Reason, h) {
					t.Errorf("warning %q lacks %q", w, h)
				}
			}
		})
	}
}

// Variables standing for whole blocks, merge keys and list-form functions.
func TestServerlessShapes(t *testing.T) {
	src := `service: s
provider:
  name: aws
  runtime: nodejs20.x
  architecture: ${opt:arch, 'arm64'}
custom:
  base: &base
    memorySize: 256
    timeout: 20
  events:
    - schedule: rate(1 minute)
functions:
  - a:
      <<: *base
      handler: a.h
      events: ${self:custom.events}
  - b:
      <<: *base
      handler: b.h
      timeout: 30
      url: true
`
	tpl, err := Parse("serverless.yml", []byte(src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	a, b := tpl.Functions[0], tpl.Functions[1]
	if a.MemoryMB != 256 || a.Timeout.Seconds() != 20 || a.Architecture != "arm64" || len(a.Events) != 1 || a.Events[0].Schedule != "rate(1 minute)" {
		t.Errorf("a: %s", dumpFunction(a))
	}
	if b.MemoryMB != 256 || b.Timeout.Seconds() != 30 || len(b.Events) != 1 || b.Events[0].Kind != "url" {
		t.Errorf("b: %s", dumpFunction(b))
	}
}

// ${param:x} reads the file's stage parameters as the Serverless Framework
// does (serverless.com/framework/docs/guides/parameters): --param first,
// then params.<stage>, then params.default; only a name in neither is left
// to the Dashboard (a warning, the provider's value used).
func TestStageParams(t *testing.T) {
	const params = "params:\n  prod:\n    mem: 2048\n  default:\n    mem: 512\n    other: 640\n"
	tests := []struct {
		name, params, memory string
		vars                 map[string]string
		wantMB               int
		warn                 string
	}{
		{"default stage dev: params.default", params, "${param:mem}", nil, 512, ""},
		{"--stage prod: params.prod", params, "${param:mem}", map[string]string{"opt:stage": "prod"}, 2048, ""},
		{"prod falls back to default", params, "${param:other}", map[string]string{"opt:stage": "prod"}, 640, ""},
		{"--param wins", params, "${param:mem}", map[string]string{"param:mem": "1536", "opt:stage": "prod"}, 1536, ""},
		{"in neither", params, "${param:nope}", nil, 1024, "nope is in neither params.dev nor params.default"},
		{"no params block", "", "${param:mem}", nil, 1024, "Serverless Dashboard"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := "service: s\n" + tc.params + "provider:\n  name: aws\n  runtime: nodejs20.x\n  stage: ${opt:stage, 'dev'}\n" +
				"functions:\n  f:\n    handler: h\n    memorySize: \"" + tc.memory + "\"\n"
			tpl, err := Parse("serverless.yml", []byte(src), Options{Vars: tc.vars})
			if err != nil {
				t.Fatalf("%v\n%s", err, src)
			}
			if got := tpl.Functions[0].MemoryMB; got != tc.wantMB {
				t.Errorf("memory %d MB, want %d", got, tc.wantMB)
			}
			switch {
			case tc.warn == "" && len(tpl.Warnings) > 0:
				t.Errorf("unexpected warnings:\n%s", joinProblems(tpl.Warnings))
			case tc.warn != "" && (len(tpl.Warnings) != 1 || !strings.Contains(tpl.Warnings[0].Reason, tc.warn)):
				t.Errorf("want one warning with %q, got:\n%s", tc.warn, joinProblems(tpl.Warnings))
			}
		})
	}
}
