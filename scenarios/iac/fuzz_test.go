package iac

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse: any input gives a Template or an *Error, never a panic, and
// what it reports stays in proportion to the input (each function comes
// from at least a few bytes of it; each value read gives at most a few
// findings).
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*")
	for _, file := range files {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("functions:\n  a:\n    memorySize: ${self:functions.a.memorySize}\n"))
	f.Add([]byte("Resources: {F: {Type: AWS::Serverless::Function, Properties: {MemorySize: !If [C, !Ref P, !Sub '${P}']}}}\nGlobals: {Function: {Layers: [a]}}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tpl, err := Parse("fuzz.yml", data, Options{Vars: map[string]string{"opt:stage": "prod"}})
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		if len(tpl.Functions) == 0 {
			t.Fatal("a Template without functions")
		}
		// A function is at least "a: {}" (2 bytes with a flow mapping);
		// aliases may repeat functions' settings but not create names.
		if len(tpl.Functions) > len(data) {
			t.Fatalf("%d functions from %d bytes", len(tpl.Functions), len(data))
		}
		findings, events := len(tpl.Warnings)+len(tpl.Problems), 0
		for _, fn := range tpl.Functions {
			events += len(fn.Events)
		}
		// Merge keys and aliases may repeat a block per function: bound
		// the output by the converted tree, itself bounded by maxNodes.
		if findings > 20*(len(data)+len(tpl.Functions)) || events > maxNodes {
			t.Fatalf("%d findings, %d events from %d bytes", findings, events, len(data))
		}
		for _, p := range append(tpl.Warnings, tpl.Problems...) {
			if len(p.Reason) > 2*maxVarText {
				t.Fatalf("a reason of %d bytes", len(p.Reason))
			}
		}
	})
}
