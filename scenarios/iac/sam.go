package iac

import (
	"fmt"
	"strings"
	"time"
)

// CloudFormation's and SAM's defaults for a function (docs.aws.amazon.com/
// AWSCloudFormation/latest/UserGuide/aws-resource-lambda-function.html:
// MemorySize 128 MB, Timeout 3 s).
const (
	cfnMemoryMB = 128
	cfnTimeoutS = 3
)

var (
	cfnTopKeys = words(`AWSTemplateFormatVersion Description Metadata Parameters Mappings Conditions Transform Outputs Rules Globals Resources`)
	// Function properties without bearing on cost or latency.
	cfnFunctionKeys = words(`Handler CodeUri InlineCode Description Environment Layers Policies Role Tags VpcConfig Tracing FunctionName
		AutoPublishAlias AutoPublishAliasAllProperties AutoPublishCodeSha256 DeploymentPreference DeadLetterQueue DeadLetterConfig
		EventInvokeConfig FileSystemConfigs KmsKeyArn PermissionsBoundary AssumeRolePolicyDocument CodeSigningConfigArn ImageConfig
		LoggingConfig RecursiveLoop RuntimeManagementConfig PropagateTags VersionDescription TracingConfig SourceKMSKeyArn
		Connectors RolePath ProvisionedConcurrencyConfig`)
	// samEvents maps SAM's event types to the one vocabulary of Event.Kind.
	samEvents = map[string]string{"Api": "http", "HttpApi": "httpApi", "SQS": "sqs", "Schedule": "schedule", "ScheduleV2": "schedule",
		"S3": "s3", "SNS": "sns", "EventBridgeRule": "eventBridge", "CloudWatchEvent": "cloudwatchEvent", "Kinesis": "stream",
		"DynamoDB": "stream", "CloudWatchLogs": "cloudwatchLog", "IoTRule": "iot", "AlexaSkill": "alexaSkill",
		"Cognito": "cognitoUserPool", "MSK": "msk", "MQ": "activemq", "SelfManagedKafka": "kafka", "DocumentDB": "documentDB"}
)

// cfnFunction is a function read, kept apart until the resources that
// configure it from outside (versions, aliases, event source mappings,
// rules) have been read.
type cfnFunction struct {
	f  Function
	at origins
}

func (p *reader) cloudFormation() error {
	root := p.root
	for _, k := range root.keys {
		if !cfnTopKeys[k] {
			p.t.Ignored["unknown keys"]++
		}
	}
	if d := root.get("Description"); d != nil && d.kind == scalarNode {
		p.t.Service = d.text
	}
	res := root.get("Resources")
	if res.isNull() || res.kind != mapNode {
		line := root.line
		if res != nil {
			line = res.line
		}
		return &Error{File: p.file, Line: line, Msg: "Resources: want a mapping of logical IDs to resources, got " + res.describe()}
	}
	globals := root.get("Globals").get("Function")
	var fns []*cfnFunction
	index := map[string]*cfnFunction{}
	var others []int
	for i, id := range res.keys {
		r := res.vals[i]
		typ := r.get("Type")
		sam := typ != nil && typ.text == "AWS::Serverless::Function"
		if typ == nil || !sam && typ.text != "AWS::Lambda::Function" {
			others = append(others, i)
			continue
		}
		props := r.get("Properties")
		if props == nil || props.kind == nullNode {
			props = &node{kind: mapNode, line: r.line}
		}
		if props.kind != mapNode {
			return &Error{File: p.file, Line: props.line, Msg: fmt.Sprintf("Resources.%s.Properties: want a mapping of the function's properties, got %s", id, props.describe())}
		}
		g := globals
		if !sam {
			g = nil // Globals apply to SAM resources only
		}
		cf := p.cfnFunction(id, res.keyLine(i), props, g, sam)
		fns = append(fns, cf)
		index[id] = cf
	}
	if len(fns) == 0 {
		return &Error{File: p.file, Line: res.line, Msg: "no functions: Resources has no AWS::Serverless::Function or AWS::Lambda::Function"}
	}
	for _, i := range others {
		if !p.attach(res.keys[i], res.keyLine(i), res.vals[i], index) {
			p.t.Ignored["resources"]++
		}
	}
	for _, cf := range fns {
		p.finish(&cf.f, &cf.at)
		p.t.Functions = append(p.t.Functions, cf.f)
	}
	return nil
}

// cfnFunction reads an AWS::Serverless::Function (sam) or an
// AWS::Lambda::Function, with Globals.Function (g) merged in.
func (p *reader) cfnFunction(id string, line int, props, g *node, sam bool) *cfnFunction {
	f := Function{Name: id, Line: line, MemoryMB: cfnMemoryMB, Timeout: cfnTimeoutS * time.Second, Architecture: defaultArch,
		EphemeralStorageMB: defaultEphemMB, PackageType: "Zip"}
	base := "Resources." + id + ".Properties."
	at := origins{fn: loc{line: line, path: "Resources." + id}}
	// The properties Globals gives and the function does not write come
	// first, with their Globals path (their problems point there).
	var keys, paths []string
	var vals []*node
	var lines []int
	if g != nil && g.kind == mapNode {
		for i, k := range g.keys {
			if props.get(k) == nil {
				keys, vals, paths, lines = append(keys, k), append(vals, g.vals[i]), append(paths, "Globals.Function."+k), append(lines, g.keyLine(i))
			}
		}
	}
	for i, k := range props.keys {
		keys, vals, paths = append(keys, k), append(vals, mergeGlobal(g.get(k), props.vals[i], k)), append(paths, base+k)
		lines = append(lines, props.keyLine(i))
	}
	image := false
	for i, key := range keys {
		path := paths[i]
		here := loc{line: lines[i], path: path}
		v := p.structure(vals[i], here)
		switch key {
		case "FunctionName":
			// Read quietly: a name that cannot be resolved here only
			// means logs are matched by the logical ID.
			if name, u := p.scalar(v); u == nil {
				f.DeployedName = name
			}
		case "Runtime":
			f.Runtime, at.runtime = p.text(v, path, "", "no runtime"), here
		case "MemorySize":
			f.MemoryMB, at.memory = p.integer(v, path, cfnMemoryMB, "MB (CloudFormation's default)"), here
		case "Timeout":
			f.Timeout = time.Duration(p.integer(v, path, cfnTimeoutS, "s (CloudFormation's default)")) * time.Second
			at.timeout = here
		case "Architectures":
			at.arch = here
			archs := listItems(v)
			if len(archs) != 1 {
				p.problem(here, "Architectures holds exactly one architecture, got %s", v.describe())
			}
			if len(archs) > 0 {
				f.Architecture = p.text(archs[0], path+"[0]", defaultArch, defaultArch+" (Lambda's default)")
			}
		case "EphemeralStorage":
			f.EphemeralStorageMB, at.ephemeral = p.integer(v.get("Size"), path+".Size", defaultEphemMB, "MB (Lambda's default)"), here
		case "ReservedConcurrentExecutions":
			r := p.integer(v, path, -1, "(not reserved)")
			if r != -1 || p.resolves(v) {
				f.ReservedConcurrency = &r
			}
			at.reserved = here
		case "ProvisionedConcurrencyConfig":
			if sam { // AWS::Lambda::Function has none: it is set on a version or alias
				f.ProvisionedConcurrency = p.integer(v.get("ProvisionedConcurrentExecutions"), path+".ProvisionedConcurrentExecutions", 0, "(none)")
				at.provision = here
			} else {
				p.t.Ignored["unknown keys"]++
			}
		case "SnapStart":
			apply := p.text(v.get("ApplyOn"), path+".ApplyOn", "None", "None")
			f.SnapStart, at.snap = apply == "PublishedVersions", here
		case "PackageType":
			pt := p.text(v, path, "Zip", "Zip")
			image = image || pt == "Image"
		case "ImageUri":
			image = true
		case "Code":
			image = image || v.get("ImageUri") != nil
		case "FunctionUrlConfig":
			f.Events = append(f.Events, Event{Kind: "url", Line: v.line, Enabled: true})
		case "Events":
			if !sam {
				p.t.Ignored["unknown keys"]++
				break
			}
			for j, name := range mapKeys(v) {
				p.samEvent(&f, v.vals[j], v.keyLine(j), path+"."+name)
			}
		default:
			p.count(cfnFunctionKeys, key)
		}
	}
	if image {
		f.PackageType, f.Runtime = "Image", ""
	}
	return &cfnFunction{f: f, at: at}
}

// mergeGlobal merges a Globals.Function property into a function's, as SAM
// does ("Globals section of the AWS SAM template", docs.aws.amazon.com/
// serverless-application-model/latest/developerguide/
// sam-specification-template-anatomy-globals.html, "Overridable
// properties"): a scalar is replaced by the function's, maps are merged key
// by key (the function's value winning), lists are additive (the Globals'
// entries first). An intrinsic function counts as a scalar. Architectures,
// a list of exactly one, is replaced (a concatenation would be refused;
// aws/serverless-application-model PR 3945 makes SAM replace it too).
func mergeGlobal(g, l *node, key string) *node {
	switch {
	case g == nil:
		return l
	case l == nil:
		return g
	case key == "Architectures" || isIntrinsic(g) || isIntrinsic(l):
		return l
	case g.kind == listNode && l.kind == listNode:
		items := make([]*node, 0, len(g.items)+len(l.items))
		return &node{kind: listNode, line: l.line, items: append(append(items, g.items...), l.items...)}
	case g.kind == mapNode && l.kind == mapNode:
		out := &node{kind: mapNode, line: l.line}
		local := make(map[string]int, len(l.keys))
		for i, k := range l.keys {
			local[k] = i
		}
		for i, k := range g.keys {
			if j, ok := local[k]; ok {
				out.keys, out.vals = append(out.keys, k), append(out.vals, mergeGlobal(g.vals[i], l.vals[j], k))
				delete(local, k)
			} else {
				out.keys, out.vals = append(out.keys, k), append(out.vals, g.vals[i])
			}
		}
		for i, k := range l.keys {
			if _, ok := local[k]; ok {
				out.keys, out.vals = append(out.keys, k), append(out.vals, l.vals[i])
			}
		}
		return out
	}
	return l
}

// isIntrinsic: a mapping of one key, Ref or Fn::*.
func isIntrinsic(n *node) bool {
	return n != nil && n.kind == mapNode && len(n.keys) == 1 && (n.keys[0] == "Ref" || strings.HasPrefix(n.keys[0], "Fn::"))
}

// samEvent reads one entry of a SAM function's Events.
func (p *reader) samEvent(f *Function, ev *node, line int, path string) {
	typ := ev.get("Type")
	if typ == nil || typ.kind != scalarNode {
		p.warn(ev.line, path, "an event needs a Type (Api, SQS, Schedule, ...): skipped")
		return
	}
	kind, ok := samEvents[typ.text]
	if !ok {
		kind = lowerFirst(typ.text)
	}
	e := Event{Kind: kind, Line: line, Enabled: true}
	props := ev.get("Properties")
	switch kind {
	case "sqs", "stream":
		if bs := props.get("BatchSize"); bs != nil {
			e.BatchSize = p.integer(bs, path+".Properties.BatchSize", 0, "(the trigger's default)")
		}
	case "schedule":
		expr, key := props.get("Schedule"), "Schedule"
		if typ.text == "ScheduleV2" {
			expr, key = props.get("ScheduleExpression"), "ScheduleExpression"
		}
		e.Schedule = p.text(expr, path+".Properties."+key, "", "no schedule")
		if en := props.get("Enabled"); en != nil {
			e.Enabled = p.boolean(en, path+".Properties.Enabled", true)
		}
		if st := props.get("State"); st != nil {
			e.Enabled = p.text(st, path+".Properties.State", "ENABLED", "ENABLED") != "DISABLED"
		}
		if e.Schedule == "" {
			p.warn(ev.line, path, "a schedule event without its expression")
		}
	}
	f.Events = append(f.Events, e)
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// attach reads a resource that configures a function from outside: a
// version or alias with provisioned concurrency, an event source mapping,
// an EventBridge rule targeting it. It returns false for any other.
func (p *reader) attach(id string, line int, r *node, fns map[string]*cfnFunction) bool {
	typ := r.get("Type")
	props := r.get("Properties")
	if typ == nil || props == nil || props.kind != mapNode {
		return false
	}
	path := "Resources." + id + ".Properties"
	switch typ.text {
	case "AWS::Lambda::Version", "AWS::Lambda::Alias":
		cf := fns[p.target(props.get("FunctionName"))]
		pc := props.get("ProvisionedConcurrencyConfig")
		if cf == nil || pc == nil {
			return false
		}
		key := path + ".ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions"
		cf.f.ProvisionedConcurrency += p.integer(pc.get("ProvisionedConcurrentExecutions"), key, 0, "(none)")
		cf.at.provision = loc{line: line, path: key}
		return true
	case "AWS::Lambda::EventSourceMapping":
		cf := fns[p.target(props.get("FunctionName"))]
		if cf == nil {
			return false
		}
		e := Event{Kind: p.sourceKind(props.get("EventSourceArn")), Line: line, Enabled: true}
		if bs := props.get("BatchSize"); bs != nil {
			e.BatchSize = p.integer(bs, path+".BatchSize", 0, "(the trigger's default)")
		}
		if en := props.get("Enabled"); en != nil {
			e.Enabled = p.boolean(en, path+".Enabled", true)
		}
		cf.f.Events = append(cf.f.Events, e)
		return true
	case "AWS::Events::Rule":
		used := false
		for _, t := range listItems(props.get("Targets")) {
			cf := fns[p.target(t.get("Arn"))]
			if cf == nil {
				continue
			}
			e := Event{Kind: "eventBridge", Line: line, Enabled: true}
			if st := props.get("State"); st != nil {
				e.Enabled = p.text(st, path+".State", "ENABLED", "ENABLED") != "DISABLED"
			}
			if s := props.get("ScheduleExpression"); s != nil {
				e.Kind, e.Schedule = "schedule", p.text(s, path+".ScheduleExpression", "", "no schedule")
			}
			cf.f.Events = append(cf.f.Events, e)
			used = true
		}
		return used
	}
	return false
}

// target is the logical ID a FunctionName or Arn refers to: !Ref F,
// !GetAtt F.Arn, [F, Arn], or the ID written out.
func (p *reader) target(n *node) string {
	switch {
	case n == nil:
		return ""
	case n.kind == scalarNode:
		return n.text
	case n.get("Ref") != nil:
		return n.get("Ref").text
	}
	ga := n.get("Fn::GetAtt")
	if ga == nil {
		return ""
	}
	if items := listItems(ga); len(items) > 0 {
		return items[0].text
	}
	id, _, _ := strings.Cut(ga.text, ".")
	return id
}

// sourceKind tells an event source mapping's kind from its source: the
// type of the resource referred to, or the service in the ARN.
func (p *reader) sourceKind(arn *node) string {
	service := ""
	if arn != nil && arn.kind == scalarNode {
		if parts := strings.SplitN(arn.text, ":", 4); len(parts) >= 3 {
			service = parts[2]
		}
	} else if r := p.root.get("Resources").get(p.target(arn)); r != nil {
		t := r.get("Type")
		if t != nil {
			service = strings.ToLower(strings.SplitN(t.text+"::", "::", 3)[1])
		}
	}
	switch service {
	case "sqs":
		return "sqs"
	case "kinesis", "dynamodb":
		return "stream"
	case "kafka":
		return "msk"
	case "mq":
		return "activemq"
	}
	return "eventSourceMapping"
}
