package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"strconv"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// probe runs the container's startup, readiness and liveness probes against the process that
// started with pid, until it exits: readiness sets Ready, a failed startup or liveness probe
// kills the process so that supervise restarts it.
func (c *containerRuntime) probe(exited <-chan struct{}, pid int) {
	ctx, cancel := context.WithCancel(c.rt.ctx)
	defer cancel()
	go func() { <-exited; cancel() }()
	spec := c.spec

	if spec.StartupProbe != nil {
		if !c.loop(ctx, spec.StartupProbe, pid, func(ok bool) bool { return !ok }, "startup") {
			return
		}
	}
	c.rt.mu.Lock()
	c.started = true
	if spec.ReadinessProbe == nil {
		c.ready = true
	}
	c.rt.mu.Unlock()
	c.rt.publish()

	if spec.ReadinessProbe != nil {
		go c.loop(ctx, spec.ReadinessProbe, pid, func(ok bool) bool {
			c.rt.mu.Lock()
			changed := c.ready != ok
			c.ready = ok
			c.rt.mu.Unlock()
			if changed {
				c.rt.publish()
			}
			return true
		}, "readiness")
	}
	if spec.LivenessProbe != nil {
		c.loop(ctx, spec.LivenessProbe, pid, func(ok bool) bool { return true }, "liveness")
	}
	<-ctx.Done()
}

// loop runs one probe on its period, applying success/failure thresholds. onResult gets each
// thresholded result and returns whether to keep probing. Reaching the failure threshold of a
// startup or liveness probe kills the container; loop then returns false.
func (c *containerRuntime) loop(ctx context.Context, p *corev1.Probe, pid int, onResult func(bool) bool, kind string) bool {
	period := seconds(p.PeriodSeconds, 10)
	success, failure := int(orDefault(p.SuccessThreshold, 1)), int(orDefault(p.FailureThreshold, 3))
	if !sleepCtx(ctx, time.Duration(p.InitialDelaySeconds)*time.Second) {
		return false
	}
	okRun, failRun := 0, 0
	for {
		err := c.check(ctx, &p.ProbeHandler, pid, seconds(p.TimeoutSeconds, 1))
		if ctx.Err() != nil {
			return false
		}
		if err == nil {
			okRun, failRun = okRun+1, 0
			if okRun >= success {
				if kind == "startup" {
					return true
				}
				if !onResult(true) {
					return true
				}
			}
		} else {
			okRun, failRun = 0, failRun+1
			if failRun >= failure {
				c.rt.p.event(c.rt.pod, corev1.EventTypeWarning, "Unhealthy", fmt.Sprintf("%s probe of container %s failed: %v", kind, c.spec.Name, err))
				switch kind {
				case "startup", "liveness":
					c.kill(kind + "ProbeFailed")
					return false
				default:
					onResult(false)
				}
			}
		}
		if !sleepCtx(ctx, period) {
			return false
		}
	}
}

// check runs one probe: exec inside the container's namespaces as its user, HTTP or TCP against
// the pod's address.
func (c *containerRuntime) check(ctx context.Context, h *corev1.ProbeHandler, pid int, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	switch {
	case h.Exec != nil:
		return c.execIn(ctx, pid, h.Exec.Command)
	case h.HTTPGet != nil:
		return c.httpGet(ctx, h.HTTPGet)
	case h.TCPSocket != nil:
		port, err := c.port(h.TCPSocket.Port)
		if err != nil {
			return err
		}
		return dial(ctx, c.host(h.TCPSocket.Host), port)
	case h.GRPC != nil:
		// The gRPC health protocol is not spoken here: a listening port counts as serving.
		return dial(ctx, c.host(""), int(h.GRPC.Port))
	}
	return fmt.Errorf("probe has no handler")
}

// dial succeeds when something accepts a TCP connection at host:port.
func dial(ctx context.Context, host string, port int) error {
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", net.JoinHostPort(host, strconv.Itoa(port)))
	if err != nil {
		return err
	}
	return conn.Close()
}

// runHandler runs a lifecycle hook (preStop) with the time left in the grace period: exec and
// HTTP as a probe runs them, or a sleep.
func (c *containerRuntime) runHandler(h *corev1.LifecycleHandler, pid int, timeout time.Duration) error {
	switch {
	case h.Sleep != nil:
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		sleepCtx(ctx, time.Duration(h.Sleep.Seconds)*time.Second)
		return nil
	case h.Exec == nil && h.HTTPGet == nil && h.TCPSocket == nil:
		return nil
	}
	return c.check(context.Background(), &corev1.ProbeHandler{Exec: h.Exec, HTTPGet: h.HTTPGet, TCPSocket: h.TCPSocket}, pid, timeout)
}

// execIn runs a command in the namespaces of the container's process, as its user, with its
// environment: what `kubectl exec` and exec probes see.
func (c *containerRuntime) execIn(ctx context.Context, pid int, command []string) error {
	id, err := c.identity()
	if err != nil {
		return err
	}
	args := []string{"--target", strconv.Itoa(pid), "--mount", "--net", "--uts", "--ipc"}
	if wd := c.workdir(); wd != "" {
		args = append(args, "--wd="+wd)
	}
	args = append(append(args, "--"), setprivArgs(id, c.spec.SecurityContext)...)
	args = append(append(args, "--"), command...)
	cmd := exec.CommandContext(ctx, "nsenter", args...)
	cmd.Env = c.environment(id)
	out, err := cmd.CombinedOutput()
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("timed out: %s", truncate(out))
		}
		return fmt.Errorf("%v: %s", err, truncate(out))
	}
	return nil
}

func (c *containerRuntime) httpGet(ctx context.Context, g *corev1.HTTPGetAction) error {
	port, err := c.port(g.Port)
	if err != nil {
		return err
	}
	scheme := "http"
	if g.Scheme == corev1.URISchemeHTTPS {
		scheme = "https"
	}
	url := fmt.Sprintf("%s://%s%s", scheme, net.JoinHostPort(c.host(g.Host), strconv.Itoa(port)), g.Path)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("User-Agent", "kube-probe/1.34")
	for _, h := range g.HTTPHeaders {
		req.Header.Set(h.Name, h.Value)
	}
	client := &http.Client{
		Transport:     &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}, //nolint:gosec // a kubelet does not verify probe certificates either
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode >= 400 {
		return fmt.Errorf("HTTP probe %s answered %d", url, resp.StatusCode)
	}
	return nil
}

func (c *containerRuntime) host(h string) string {
	if h != "" {
		return h
	}
	c.rt.mu.Lock()
	defer c.rt.mu.Unlock()
	return c.rt.ip
}

func (c *containerRuntime) port(p intstr.IntOrString) (int, error) {
	if p.Type == intstr.Int {
		return p.IntValue(), nil
	}
	for _, cp := range c.spec.Ports {
		if cp.Name == p.StrVal {
			return int(cp.ContainerPort), nil
		}
	}
	return 0, fmt.Errorf("container %s has no port named %s", c.spec.Name, p.StrVal)
}

func seconds(v int32, def int32) time.Duration {
	if v <= 0 {
		v = def
	}
	return time.Duration(v) * time.Second
}

func orDefault(v, def int32) int32 {
	if v <= 0 {
		return def
	}
	return v
}

func truncate(b []byte) string {
	if len(b) > 300 {
		return string(b[:300]) + "…"
	}
	return string(b)
}
