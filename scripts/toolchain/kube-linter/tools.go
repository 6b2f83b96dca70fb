//go:build tools

// Package tools pins the kube-linter command for go mod tidy.
package tools

import _ "golang.stackrox.io/kube-linter/cmd/kube-linter"
