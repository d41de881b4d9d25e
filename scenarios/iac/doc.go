// Package iac reads the functions a deployment file defines: a
// Serverless Framework serverless.yml (v3/v4), an AWS SAM template or a
// plain CloudFormation template, YAML or JSON, with the defaults each tool
// applies, so that faassim can start from the user's own system.
//
// Parse detects the format from the content and returns a Template: each
// function's runtime (and the faassim runtime family whose cold-start
// figures it takes), memory, timeout, architecture, ephemeral storage,
// reserved and provisioned concurrency, SnapStart and triggers, each with
// its line. Defaults: serverless.yml 1024 MB and 6 s (the Framework's),
// SAM and CloudFormation 128 MB and 3 s; x86_64 and 512 MB of /tmp for
// all (Lambda's).
//
// Real files are messy, and only unreadable input is an error (an *Error
// naming file and line). Everything else is kept and counted or reported:
//
//   - serverless.yml's ${...} variables are resolved from the file
//     (self:), from Options.Vars (opt:, env:, sls:stage, or any source
//     given by its name) or from their fallback (${opt:stage, 'dev'});
//     what only the deployment can read (ssm:, cf:, s3:, file(...)) becomes
//     a Warning naming the path and the value used instead. Resolution is
//     bounded in depth (10), size (4 KB a value) and count, so a file
//     cannot loop or blow up.
//   - CloudFormation's intrinsic functions, short (!Ref) or long
//     (Fn::If), are evaluated where that needs no deployment: Ref to a
//     parameter (its Default, with a warning), FindInMap, Join, Select,
//     Sub; Fn::If takes its first branch with a warning. SAM's
//     Globals.Function is merged as SAM merges it.
//   - Impossible settings (SnapStart with provisioned concurrency, on a
//     runtime or package it does not support, with more than 512 MB of
//     /tmp; memory, timeout or storage outside Lambda's limits; an unknown
//     architecture) are Problems, at the line that sets them.
//   - Plugins, custom: keys, resources that are not functions, keys the
//     format defines without bearing on cost or latency and keys it does
//     not define are counted in Template.Ignored.
package iac
