//go:build tools

// Package tools pins the actionlint command for go mod tidy.
package tools

import _ "github.com/rhysd/actionlint/cmd/actionlint"
