package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/virtual-kubelet/virtual-kubelet/errdefs"
	"github.com/virtual-kubelet/virtual-kubelet/node/api"
)

// Each container's output goes to <logDir>/<container>.log, every line prefixed with its
// RFC 3339 time (as CRI logs are); a restart moves the file to <container>.previous.log.
func (c *containerRuntime) logPath(previous bool) string {
	if previous {
		return filepath.Join(c.rt.logDir, c.spec.Name+".previous.log")
	}
	return filepath.Join(c.rt.logDir, c.spec.Name+".log")
}

func (c *containerRuntime) openLog() (*timestampedLog, error) {
	current := c.logPath(false)
	if _, err := os.Stat(current); err == nil {
		_ = os.Rename(current, c.logPath(true))
	}
	f, err := os.OpenFile(current, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o640)
	if err != nil {
		return nil, err
	}
	return &timestampedLog{f: f}, nil
}

// timestampedLog is the io.Writer both stdout and stderr write to.
type timestampedLog struct {
	mu      sync.Mutex
	f       *os.File
	partial []byte
}

func (l *timestampedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	data := append(l.partial, p...)
	l.partial = nil
	for {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			break
		}
		if _, err := fmt.Fprintf(l.f, "%s %s\n", time.Now().UTC().Format(time.RFC3339Nano), data[:i]); err != nil {
			return 0, err
		}
		data = data[i+1:]
	}
	l.partial = append([]byte(nil), data...)
	return len(p), nil
}

func (l *timestampedLog) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.partial) > 0 {
		fmt.Fprintf(l.f, "%s %s\n", time.Now().UTC().Format(time.RFC3339Nano), l.partial)
	}
	return l.f.Close()
}

// GetContainerLogs serves `kubectl logs`: tail, since, timestamps, previous and follow.
func (p *Provider) GetContainerLogs(ctx context.Context, namespace, podName, containerName string, opts api.ContainerLogOpts) (io.ReadCloser, error) {
	p.mu.Lock()
	rt, ok := p.pods[key(namespace, podName)]
	p.mu.Unlock()
	if !ok {
		return nil, errdefs.NotFoundf("pod %s/%s is not on this node", namespace, podName)
	}
	var c *containerRuntime
	for _, x := range append(append([]*containerRuntime{}, rt.inits...), rt.containers...) {
		if x.spec.Name == containerName {
			c = x
		}
	}
	if c == nil {
		return nil, errdefs.NotFoundf("pod %s/%s has no container %s", namespace, podName, containerName)
	}
	raw, err := os.ReadFile(c.logPath(opts.Previous))
	if err != nil {
		return nil, errdefs.NotFoundf("no logs for container %s: %v", containerName, err)
	}
	lines := strings.SplitAfter(string(raw), "\n")
	if len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	since := opts.SinceTime
	if opts.SinceSeconds > 0 {
		since = time.Now().Add(-time.Duration(opts.SinceSeconds) * time.Second)
	}
	var kept []string
	for _, line := range lines {
		ts, rest, _ := strings.Cut(line, " ")
		if !since.IsZero() {
			if t, err := time.Parse(time.RFC3339Nano, ts); err == nil && t.Before(since) {
				continue
			}
		}
		if opts.Timestamps {
			kept = append(kept, line)
		} else {
			kept = append(kept, rest)
		}
	}
	if opts.Tail > 0 && len(kept) > opts.Tail {
		kept = kept[len(kept)-opts.Tail:]
	}
	out := strings.Join(kept, "")
	if opts.LimitBytes > 0 && len(out) > opts.LimitBytes {
		out = out[:opts.LimitBytes]
	}
	if !opts.Follow || opts.Previous {
		return io.NopCloser(strings.NewReader(out)), nil
	}
	return follow(ctx, c, out, len(raw), opts.Timestamps), nil
}

// follow streams what the container writes after offset until it exits or the client leaves.
func follow(ctx context.Context, c *containerRuntime, first string, offset int, timestamps bool) io.ReadCloser {
	r, w := io.Pipe()
	go func() {
		defer w.Close()
		if _, err := io.WriteString(w, first); err != nil {
			return
		}
		f, err := os.Open(c.logPath(false))
		if err != nil {
			return
		}
		defer f.Close()
		if _, err := f.Seek(int64(offset), io.SeekStart); err != nil {
			return
		}
		reader := bufio.NewReader(f)
		for {
			line, err := reader.ReadString('\n')
			if line != "" && strings.HasSuffix(line, "\n") {
				if !timestamps {
					_, line, _ = strings.Cut(line, " ")
				}
				if _, werr := io.WriteString(w, line); werr != nil {
					return
				}
				continue
			}
			if err != nil && err != io.EOF {
				return
			}
			c.rt.mu.Lock()
			running := c.proc != nil
			c.rt.mu.Unlock()
			if !running || !sleepCtx(ctx, 500*time.Millisecond) {
				return
			}
		}
	}()
	return r
}
