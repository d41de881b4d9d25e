// Package iac reads the functions a deployment file defines: a
// Serverless Framework serverless.yml, an AWS SAM template or a plain
// CloudFormation template, with the defaults each tool applies, so that
// faassim can start from the user's own system.
package iac
