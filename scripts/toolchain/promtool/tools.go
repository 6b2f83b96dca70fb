//go:build tools

// Package tools pins the promtool command for go mod tidy.
package tools

import _ "github.com/prometheus/prometheus/cmd/promtool"
