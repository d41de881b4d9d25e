package playground_test

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"

	"faassim/internal/playground"
)

// A server offering the scenario given on the command line answers the
// catalog with it first, as the default.
func Example() {
	dir, _ := os.MkdirTemp("", "playground")
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "mine.yaml")
	os.WriteFile(file, []byte(`name: my-api
description: one function on Lambda
horizon: 1h
workload:
  synthetic:
    functions:
      - {name: api, runtime: go, memory_mb: 512, arrival: {process: poisson, rate_per_s: 1}, duration: {dist: deterministic, value: 100ms}}
platforms:
  - {name: lambda, preset: aws-lambda-x86}
`), 0o600)
	srv, err := playground.New(playground.Config{Addr: "127.0.0.1:8080", Scenario: file})
	if err != nil {
		fmt.Println(err)
		return
	}
	r := httptest.NewRequest("GET", playground.PathCatalog, nil)
	r.Host = "localhost:8080" // a loopback server answers its loopback names
	w := httptest.NewRecorder()
	srv.Handler().ServeHTTP(w, r)
	var cat playground.Catalog
	json.Unmarshal(w.Body.Bytes(), &cat)
	fmt.Println(w.Code, w.Header().Get("Content-Type"), cat.Schema)
	fmt.Printf("default %s: %s (%s)\n", cat.Default, cat.Examples[0].Title, cat.Examples[0].Description)
	// Output:
	// 200 application/json faassim/playground/v1
	// default @cli: my-api (one function on Lambda)
}
