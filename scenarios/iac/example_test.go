package iac_test

import (
	"fmt"

	"faassim/scenarios/iac"
)

func ExampleParse() {
	src := `service: shop
provider:
  name: aws
  runtime: python3.12
  memorySize: 512
functions:
  api:
    handler: api.handler
    events:
      - httpApi: 'GET /items'
  report:
    handler: report.handler
    timeout: ${ssm:/shop/report-timeout}
    architecture: arm64
    events:
      - schedule: cron(0 6 * * ? *)
`
	tpl, err := iac.Parse("serverless.yml", []byte(src), iac.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(tpl.Format, tpl.Service)
	for _, f := range tpl.Functions {
		fmt.Printf("%s: %s (%s) %d MB, %v, %s, %d event(s)\n", f.Name, f.Runtime, f.Family, f.MemoryMB, f.Timeout, f.Architecture, len(f.Events))
	}
	for _, w := range tpl.Warnings {
		fmt.Println("warning:", w)
	}
	// Output:
	// serverless shop
	// api: python3.12 (python) 512 MB, 6s, x86_64, 1 event(s)
	// report: python3.12 (python) 512 MB, 6s, arm64, 1 event(s)
	// warning: 13: functions.report.timeout: ${ssm:/shop/report-timeout} cannot be resolved here (ssm: is read from SSM Parameter Store when deploying): 6 s (the Serverless Framework's default) used
}
