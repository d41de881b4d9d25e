package iac

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The Serverless Framework's defaults for AWS (serverless.com/framework/docs/
// providers/aws/guide/functions: memorySize 1024 MB, timeout 6 s) and
// Lambda's own (x86_64, 512 MB of /tmp).
const (
	slsMemoryMB    = 1024
	slsTimeoutS    = 6
	defaultArch    = "x86_64"
	defaultEphemMB = 512
)

// Keys serverless.yml defines that have no bearing on cost or latency:
// counted as "unused keys", not "unknown keys".
var (
	slsTopKeys = words(`service frameworkVersion package org app console useDotenv variablesResolutionMode configValidationMode
		unresolvedVariablesNotificationMode deprecationNotificationMode disabledDeprecations params stages build license outputs dashboard`)
	slsProviderKeys = words(`name stage region profile stackName apiName websocketsApiName websocketsApiRouteSelectionExpression
		websocketsDescription description role rolePermissionsBoundary cfnRole versionFunctions environment endpointType apiKeys
		apiGateway alb httpApi usagePlan stackTags stackPolicy iam iamRoleStatements iamManagedPolicies vpc notificationArns
		stackParameters resourcePolicy rollbackConfiguration tags tracing logs logRetentionInDays logDataProtectionPolicy kmsKeyArn
		deploymentBucket deploymentPrefix deploymentMethod disableRollback lambdaHashingVersion layers eventBridge s3 ecr cloudFront
		runtimeManagement vpcEndpointIds websocket`)
	slsFunctionKeys = words(`handler name description environment layers package role tags vpc destinations onError maxEventAge
		maximumRetryAttempts tracing kmsKeyArn dependsOn condition fileSystemConfig disableLogs logRetentionInDays
		logDataProtectionPolicy runtimeManagement versionFunction logs memory`)
)

func words(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// slsDefaults are the provider's settings every function inherits.
type slsDefaults struct {
	f  Function
	at origins
}

func (p *reader) serverless() error {
	root := p.root
	var functions *node
	for i, key := range root.keys {
		v := root.vals[i]
		switch key {
		case "service":
			p.at = loc{line: root.keyLine(i), path: key}
			if s, u := p.scalar(p.resolveNode(v)); u == nil {
				p.t.Service = s
			} else if name := v.get("name"); name != nil { // the old form service: {name: x}
				p.t.Service, _ = p.scalar(name)
			}
		case "provider", "resources", "layers":
		case "functions":
			functions = v
		case "plugins":
			plugins := p.resolveNode(v)
			if m := plugins.get("modules"); m != nil { // plugins: {localPath, modules: [...]}
				plugins = m
			}
			p.t.Ignored["plugins"] += len(listItems(plugins))
		case "custom":
			p.t.Ignored["custom keys"] += len(mapKeys(p.resolveNode(v)))
		default:
			p.count(slsTopKeys, key)
		}
	}
	// Resources added to the stack and layers are not functions.
	if res := p.resolveNode(root.get("resources")); res != nil {
		p.t.Ignored["resources"] += len(mapKeys(p.resolveNode(res.get("Resources"))))
		p.t.Ignored["resources"] += len(listItems(res)) // resources: [${file(...)}, ...]
	}
	p.t.Ignored["resources"] += len(mapKeys(p.resolveNode(root.get("layers"))))

	d := p.slsProvider(p.resolveNode(root.get("provider")))
	functions = p.resolveNode(functions)
	// functions may be a mapping, or a list of mappings (often from files).
	var blocks []*node
	switch {
	case functions.isNull():
	case functions.kind == mapNode:
		blocks = []*node{functions}
	case functions.kind == listNode:
		for _, b := range functions.items {
			if b = p.resolveNode(b); b.kind == mapNode {
				blocks = append(blocks, b)
			} else {
				p.warn(b.line, "functions", "%s cannot be read here (a list entry of functions is a mapping): skipped", b.describe())
			}
		}
	default:
		return &Error{File: p.file, Line: functions.line, Msg: "functions: want a mapping of function names to their settings, got " + functions.describe()}
	}
	for _, b := range blocks {
		for i, name := range b.keys {
			fn := p.resolveNode(b.vals[i])
			if fn.kind != mapNode {
				return &Error{File: p.file, Line: fn.line, Msg: fmt.Sprintf("functions.%s: want a mapping of the function's settings (handler:, memorySize:, events: ...), got %s", name, fn.describe())}
			}
			p.slsFunction(name, b.keyLine(i), fn, d)
		}
	}
	if len(p.t.Functions) == 0 {
		line := 0
		if functions != nil {
			line = functions.line
		}
		return &Error{File: p.file, Line: line, Msg: "no functions: a serverless.yml lists them under functions:"}
	}
	return nil
}

// count records a key the format defines (unused) or not (unknown).
func (p *reader) count(known map[string]bool, key string) {
	if known[key] {
		p.t.Ignored["unused keys"]++
	} else {
		p.t.Ignored["unknown keys"]++
	}
}

func (p *reader) slsProvider(prov *node) *slsDefaults {
	d := &slsDefaults{f: Function{MemoryMB: slsMemoryMB, Timeout: slsTimeoutS * time.Second, Architecture: defaultArch,
		EphemeralStorageMB: defaultEphemMB, PackageType: "Zip"}}
	for i, key := range mapKeys(prov) {
		v, path := prov.vals[i], "provider."+key
		here := loc{line: prov.keyLine(i), path: path}
		switch key {
		case "name":
			if s, u := p.scalar(v); u == nil && s != "aws" {
				p.warn(v.line, path, "provider %q: read as AWS Lambda", s)
			}
		case "runtime":
			d.f.Runtime = p.text(v, path, "", "no runtime")
			d.at.runtime = here
		case "memorySize":
			d.f.MemoryMB = p.integer(v, path, slsMemoryMB, "MB (the Serverless Framework's default)")
			d.at.memory = here
		case "timeout":
			d.f.Timeout = time.Duration(p.integer(v, path, slsTimeoutS, "s (the Serverless Framework's default)")) * time.Second
			d.at.timeout = here
		case "architecture":
			d.f.Architecture = p.text(v, path, defaultArch, defaultArch+" (Lambda's default)")
			d.at.arch = here
		case "ephemeralStorageSize":
			d.f.EphemeralStorageMB = p.integer(v, path, defaultEphemMB, "MB (Lambda's default)")
			d.at.ephemeral = here
		default:
			p.count(slsProviderKeys, key)
		}
	}
	return d
}

func (p *reader) slsFunction(name string, line int, fn *node, d *slsDefaults) {
	f := d.f
	f.Name, f.Line = name, line
	at := d.at
	at.fn = loc{line: line, path: "functions." + name}
	// inherited describes the value a function gets without its own key.
	inherited := func(unit string, from loc, def string) string {
		if from.path != "" {
			return unit + " (" + from.path + ")"
		}
		return unit + " (" + def + ")"
	}
	const sls, lambda = "the Serverless Framework's default", "Lambda's default"
	for i, key := range fn.keys {
		v, path := fn.vals[i], "functions."+name+"."+key
		here := loc{line: fn.keyLine(i), path: path}
		switch key {
		case "runtime":
			f.Runtime, at.runtime = p.text(v, path, d.f.Runtime, inherited(d.f.Runtime, d.at.runtime, "none written")), here
		case "memorySize":
			f.MemoryMB, at.memory = p.integer(v, path, d.f.MemoryMB, inherited("MB", d.at.memory, sls)), here
		case "timeout":
			f.Timeout = time.Duration(p.integer(v, path, int(d.f.Timeout/time.Second), inherited("s", d.at.timeout, sls))) * time.Second
			at.timeout = here
		case "architecture":
			f.Architecture, at.arch = p.text(v, path, d.f.Architecture, inherited(d.f.Architecture, d.at.arch, lambda)), here
		case "ephemeralStorageSize":
			f.EphemeralStorageMB, at.ephemeral = p.integer(v, path, d.f.EphemeralStorageMB, inherited("MB", d.at.ephemeral, lambda)), here
		case "reservedConcurrency":
			if !v.isNull() {
				r := p.integer(v, path, -1, "(not reserved)")
				if r >= 0 || p.resolves(v) {
					f.ReservedConcurrency = &r
				}
			}
			at.reserved = here
		case "provisionedConcurrency":
			f.ProvisionedConcurrency, at.provision = p.integer(v, path, 0, "(none)"), here
		case "snapStart":
			f.SnapStart, at.snap = p.boolean(v, path, false), here
		case "image":
			if !v.isNull() {
				f.PackageType = "Image"
			}
		case "url":
			if s, _ := p.scalar(v); !v.isNull() && s != "false" {
				f.Events = append(f.Events, Event{Kind: "url", Line: v.line, Enabled: true})
			}
		case "events":
			for j, ev := range listItems(p.resolveNode(v)) {
				p.slsEvent(&f, p.resolveNode(ev), fmt.Sprintf("%s[%d]", path, j))
			}
		default:
			p.count(slsFunctionKeys, key)
		}
	}
	if f.PackageType == "Image" {
		f.Runtime = "" // an image brings its own runtime
	}
	f.DeployedName = p.slsDeployedName(name, fn)
	p.finish(&f, &at)
	p.t.Functions = append(p.t.Functions, f)
}

// slsDeployedName is the Lambda function's name once deployed: the
// function's name: when written, else the Framework's
// SERVICE-STAGE-FUNCTION ("Functions", serverless.com/framework/docs/
// providers/aws/guide/functions), "" when it cannot be resolved here.
func (p *reader) slsDeployedName(key string, fn *node) string {
	if n := fn.get("name"); n != nil {
		if s, u := p.scalar(p.resolveNode(n)); u == nil {
			return s
		}
		return ""
	}
	stage, u := p.source("sls:stage", 0)
	if u != nil || p.t.Service == "" {
		return ""
	}
	return p.t.Service + "-" + stage + "-" + key
}

// slsEvent reads one entry of a function's events: a mapping of one key,
// the event's kind, to its settings.
func (p *reader) slsEvent(f *Function, ev *node, path string) {
	if ev.kind != mapNode || len(ev.keys) == 0 {
		p.warn(ev.line, path, "an event is a mapping such as `- http: GET /`, got %s: skipped", ev.describe())
		return
	}
	kind, v := ev.keys[0], p.resolveNode(ev.vals[0])
	e := Event{Kind: kind, Line: ev.keyLine(0), Enabled: true}
	switch kind {
	case "sqs", "stream":
		if bs := v.get("batchSize"); bs != nil {
			e.BatchSize = p.integer(bs, path+"."+kind+".batchSize", 0, "(the trigger's default)")
		}
	case "schedule":
		rates := []*node{v}
		if v.kind == mapNode {
			rate := p.resolveNode(v.get("rate"))
			rates = []*node{rate}
			if rate != nil && rate.kind == listNode {
				rates = rate.items // v3+: several expressions for one event
			}
			if en := v.get("enabled"); en != nil {
				e.Enabled = p.boolean(en, path+".schedule.enabled", true)
			}
		}
		for _, r := range rates {
			se := e
			se.Schedule = p.text(r, path+".schedule", "", "no schedule")
			if se.Schedule == "" {
				p.warn(ev.line, path, "a schedule event without its expression")
			}
			if se.Schedule != "" && !strings.HasPrefix(se.Schedule, "rate(") && !strings.HasPrefix(se.Schedule, "cron(") {
				p.warn(r.line, path+".schedule", "schedule %q is neither rate(...) nor cron(...)", clip(se.Schedule))
			}
			if r != nil && r.line > 0 {
				se.Line = r.line
			}
			f.Events = append(f.Events, se)
		}
		return
	}
	f.Events = append(f.Events, e)
}

// scalar returns a scalar's text with its variables resolved
// (serverless.yml) or its intrinsic functions evaluated (CloudFormation).
func (p *reader) scalar(n *node) (string, *unresolved) {
	if p.t.Format != FormatServerless {
		return p.eval(n, 0)
	}
	if n == nil || n.kind != scalarNode {
		return "", &unresolved{expr: n.describe(), why: "not a single value"}
	}
	return p.expand(n.text, 0)
}

// resolves reports whether a scalar's variables resolve.
func (p *reader) resolves(n *node) bool {
	_, u := p.scalar(n)
	return u == nil
}

// text reads a string setting; what it cannot read becomes a warning and
// def ("the default used", described by defWhat).
func (p *reader) text(n *node, path, def, defWhat string) string {
	if n.isNull() {
		return def
	}
	p.at = loc{line: n.line, path: path}
	s, u := p.scalar(n)
	if u != nil {
		p.unresolvedWarn(n, path, u, defWhat)
		return def
	}
	return strings.TrimSpace(s)
}

func (p *reader) unresolvedWarn(n *node, path string, u *unresolved, defWhat string) {
	if n.kind != scalarNode && (p.t.Format == FormatServerless || !isIntrinsic(n)) {
		p.warn(n.line, path, "want a single value, got %s: %s used", n.describe(), defWhat)
		return
	}
	p.warn(n.line, path, "%s cannot be resolved here (%s): %s used", u.expr, u.why, defWhat)
}

// integer reads a whole-number setting (def and unit describe the default).
func (p *reader) integer(n *node, path string, def int, unit string) int {
	if n.isNull() {
		return def
	}
	defWhat := strings.TrimSpace(strconv.Itoa(def) + " " + unit)
	p.at = loc{line: n.line, path: path}
	s, u := p.scalar(n)
	if u != nil {
		p.unresolvedWarn(n, path, u, defWhat)
		return def
	}
	v, ok := wholeNumber(s)
	if !ok {
		p.warn(n.line, path, "want a whole number, got %q: %s used", clip(s), defWhat)
		return def
	}
	return v
}

// wholeNumber reads 1024, "1024" or 1024.0, within ±1e9 (no setting is larger).
func wholeNumber(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if v, err := strconv.Atoi(s); err == nil && v >= -1e9 && v <= 1e9 {
		return v, true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != float64(int(f)) || f < -1e9 || f > 1e9 {
		return 0, false
	}
	return int(f), true
}

// boolean reads true or false.
func (p *reader) boolean(n *node, path string, def bool) bool {
	if n.isNull() {
		return def
	}
	defWhat := strconv.FormatBool(def)
	p.at = loc{line: n.line, path: path}
	s, u := p.scalar(n)
	if u != nil {
		p.unresolvedWarn(n, path, u, defWhat)
		return def
	}
	switch strings.TrimSpace(s) {
	case "true", "True", "TRUE":
		return true
	case "false", "False", "FALSE":
		return false
	}
	p.warn(n.line, path, "want true or false, got %q: %s used", clip(s), defWhat)
	return def
}
