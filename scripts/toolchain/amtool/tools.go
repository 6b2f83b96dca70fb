//go:build tools

// Package tools pins the amtool command for go mod tidy.
package tools

import _ "github.com/prometheus/alertmanager/cmd/amtool"
