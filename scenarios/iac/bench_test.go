package iac

import (
	"fmt"
	"strings"
	"testing"
)

// generated writes a serverless.yml of n functions, each with a few
// settings, a variable and two events: a large real service.
func generated(n int) []byte {
	var b strings.Builder
	b.WriteString("service: big\nprovider:\n  name: aws\n  runtime: nodejs20.x\n  memorySize: 512\ncustom:\n  mem: 1024\nfunctions:\n")
	for i := range n {
		fmt.Fprintf(&b, "  fn%d:\n    handler: src/fn%d.handler\n    memorySize: ${self:custom.mem}\n    timeout: %d\n", i, i, 1+i%900)
		fmt.Fprintf(&b, "    events:\n      - httpApi: 'GET /fn%d'\n      - sqs:\n          arn: arn:aws:sqs:eu-west-1:1:q%d\n          batchSize: 10\n", i, i)
	}
	return []byte(b.String())
}

func TestGenerated(t *testing.T) {
	data := generated(1000)
	tpl, err := Parse("big.yml", data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(tpl.Functions) != 1000 || tpl.Functions[999].MemoryMB != 1024 || tpl.Functions[999].Timeout.Seconds() != 1+999%900 || len(tpl.Warnings) != 0 {
		t.Errorf("%d functions, last %s, %d warnings", len(tpl.Functions), dumpFunction(tpl.Functions[999]), len(tpl.Warnings))
	}
}

// BenchmarkParse1000 reads a 1,000-function serverless.yml (about 200 KB).
func BenchmarkParse1000(b *testing.B) {
	data := generated(1000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("big.yml", data, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
