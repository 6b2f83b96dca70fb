package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/virtual-kubelet/virtual-kubelet/log"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// podRuntime is one pod on this node: its namespace, volumes and containers, and the status
// the API sees.
type podRuntime struct {
	p      *Provider
	mu     sync.Mutex
	pod    *corev1.Pod
	images map[string]Image

	memDir, diskDir, logDir string
	volumes                 map[string]string
	ip                      string
	sandboxReady            bool
	initDone                bool
	failed                  string // a reason the pod can never run (phase Failed)
	terminating             bool
	startTime               metav1.Time

	inits, containers []*containerRuntime
	ctx               context.Context
	cancel            context.CancelFunc
	stopped           chan struct{}
}

func newPodRuntime(p *Provider, pod *corev1.Pod, images map[string]Image) *podRuntime {
	id := fmt.Sprintf("%s_%s_%s", pod.Namespace, pod.Name, pod.UID)
	ctx, cancel := context.WithCancel(p.ctx)
	rt := &podRuntime{
		p: p, pod: pod, images: images,
		memDir:    filepath.Join(p.cfg.StateDir, "pods", id),
		diskDir:   filepath.Join(p.cfg.StateDir, "scratch", id),
		logDir:    filepath.Join(p.cfg.StateDir, "logs", id),
		startTime: metav1.Now(), ctx: ctx, cancel: cancel, stopped: make(chan struct{}),
	}
	for _, c := range pod.Spec.InitContainers {
		rt.inits = append(rt.inits, newContainerRuntime(rt, c, images[c.Name], true))
	}
	for _, c := range pod.Spec.Containers {
		rt.containers = append(rt.containers, newContainerRuntime(rt, c, images[c.Name], false))
	}
	return rt
}

func (rt *podRuntime) logger() log.Logger {
	return log.G(rt.ctx).WithField("pod", rt.pod.Namespace+"/"+rt.pod.Name)
}

// run prepares the sandbox (network, volumes), runs the init containers in order, then starts
// every container under its own supervisor.
func (rt *podRuntime) run() {
	rt.publish()
	for attempt := 0; ; attempt++ {
		err := rt.setup()
		if err == nil {
			break
		}
		rt.logger().WithError(err).Warn("pod setup failed; retrying")
		if attempt%10 == 0 {
			rt.p.event(rt.pod, corev1.EventTypeWarning, "FailedCreatePodSandBox", err.Error())
		}
		rt.setWaiting("ContainerCreating", err.Error())
		if !sleepCtx(rt.ctx, 3*time.Second) {
			return
		}
	}
	for _, c := range rt.inits {
		if !c.runToCompletion() {
			return
		}
	}
	rt.mu.Lock()
	rt.initDone = true
	rt.mu.Unlock()
	rt.publish()
	for _, c := range rt.containers {
		go c.supervise()
	}
}

func (rt *podRuntime) setup() error {
	for _, d := range []string{rt.memDir, rt.diskDir, rt.logDir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	if rt.ip == "" {
		ip, err := rt.p.network.Attach(rt.ctx, string(rt.pod.UID))
		if err != nil {
			return err
		}
		rt.mu.Lock()
		rt.ip, rt.sandboxReady = ip, true
		rt.mu.Unlock()
		rt.publish()
	}
	volumes, err := rt.p.materializeVolumes(rt.ctx, rt)
	if err != nil {
		return err
	}
	if err := rt.writeNetworkFiles(); err != nil {
		return err
	}
	rt.mu.Lock()
	rt.volumes = volumes
	rt.mu.Unlock()
	return nil
}

// writeNetworkFiles writes the pod's /etc/hosts and /etc/resolv.conf, as a kubelet does for
// dnsPolicy ClusterFirst: the cluster DNS with the namespace's search path.
func (rt *podRuntime) writeNetworkFiles() error {
	pod, domain := rt.pod, rt.p.cfg.ClusterDomain
	hostname := podHostname(pod)
	hosts := "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
	if pod.Spec.Subdomain != "" {
		hosts += fmt.Sprintf("%s\t%s.%s.%s.svc.%s\t%s\n", rt.ip, hostname, pod.Spec.Subdomain, pod.Namespace, domain, hostname)
	} else {
		hosts += fmt.Sprintf("%s\t%s\n", rt.ip, hostname)
	}
	for _, a := range pod.Spec.HostAliases {
		hosts += a.IP + "\t" + strings.Join(a.Hostnames, " ") + "\n"
	}
	resolv := fmt.Sprintf("search %s.svc.%s svc.%s %s\nnameserver %s\noptions ndots:5\n", pod.Namespace, domain, domain, domain, rt.p.cfg.DNSServer)
	if pod.Spec.DNSConfig != nil {
		for _, s := range pod.Spec.DNSConfig.Searches {
			resolv += "search " + s + "\n"
		}
	}
	if err := os.WriteFile(filepath.Join(rt.memDir, "hosts"), []byte(hosts), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(rt.memDir, "resolv.conf"), []byte(resolv), 0o644)
}

func podHostname(pod *corev1.Pod) string {
	if pod.Spec.Hostname != "" {
		return pod.Spec.Hostname
	}
	return pod.Name
}

// terminate stops the pod: preStop hooks, SIGTERM, SIGKILL at the end of the grace period; then
// it frees the network and the pod's scratch space and reports the terminal status.
func (rt *podRuntime) terminate(grace time.Duration) {
	rt.mu.Lock()
	if rt.terminating {
		rt.mu.Unlock()
		<-rt.stopped
		return
	}
	rt.terminating = true
	rt.mu.Unlock()
	rt.cancel()
	deadline := time.Now().Add(grace)
	var wg sync.WaitGroup
	for _, c := range append(append([]*containerRuntime{}, rt.inits...), rt.containers...) {
		wg.Add(1)
		go func(c *containerRuntime) { defer wg.Done(); c.stop(deadline, true) }(c)
	}
	wg.Wait()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	rt.mu.Lock()
	attached := rt.sandboxReady
	rt.mu.Unlock()
	if attached {
		if err := rt.p.network.Detach(ctx, string(rt.pod.UID)); err != nil {
			rt.logger().WithError(err).Warn("network teardown")
		}
	}
	for _, d := range []string{rt.memDir, rt.diskDir, rt.logDir} {
		_ = os.RemoveAll(d)
	}
	close(rt.stopped)
	rt.publish()
}

func (rt *podRuntime) isTerminating() bool {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	return rt.terminating
}

func (rt *podRuntime) setWaiting(reason, message string) {
	rt.mu.Lock()
	for _, c := range append(append([]*containerRuntime{}, rt.inits...), rt.containers...) {
		if c.state.Running == nil && c.state.Terminated == nil {
			c.state.Waiting = &corev1.ContainerStateWaiting{Reason: reason, Message: message}
		}
	}
	rt.mu.Unlock()
	rt.publish()
}

func (rt *podRuntime) fail(reason string) {
	rt.mu.Lock()
	rt.failed = reason
	rt.mu.Unlock()
	rt.publish()
}

func (rt *podRuntime) publish() { rt.p.publish(rt.snapshot()) }

// snapshot is the pod with the status a kubelet would report now.
func (rt *podRuntime) snapshot() *corev1.Pod {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	pod := rt.pod.DeepCopy()
	st := corev1.PodStatus{QOSClass: rt.pod.Status.QOSClass, StartTime: &rt.startTime, HostIP: "127.0.0.1", HostIPs: []corev1.HostIP{{IP: "127.0.0.1"}}}
	if rt.ip != "" {
		st.PodIP, st.PodIPs = rt.ip, []corev1.PodIP{{IP: rt.ip}}
	}
	for _, c := range rt.inits {
		st.InitContainerStatuses = append(st.InitContainerStatuses, c.status())
	}
	allReady := true
	for _, c := range rt.containers {
		s := c.status()
		allReady = allReady && s.Ready
		st.ContainerStatuses = append(st.ContainerStatuses, s)
	}
	st.Phase = rt.phase()
	if rt.failed != "" {
		st.Reason, st.Message = "Failed", rt.failed
	}
	ready := allReady && rt.initDone && !rt.terminating && st.Phase == corev1.PodRunning
	now := metav1.Now()
	cond := func(t corev1.PodConditionType, ok bool) corev1.PodCondition {
		s := corev1.ConditionFalse
		if ok {
			s = corev1.ConditionTrue
		}
		return corev1.PodCondition{Type: t, Status: s, LastTransitionTime: now}
	}
	st.Conditions = []corev1.PodCondition{
		cond(corev1.PodReadyToStartContainers, rt.sandboxReady),
		cond(corev1.PodInitialized, rt.initDone),
		cond(corev1.ContainersReady, ready),
		cond(corev1.PodReady, ready),
		cond(corev1.PodScheduled, true),
	}
	// Keep transition times stable so an unchanged status is not rewritten.
	for i, c := range st.Conditions {
		for _, old := range rt.pod.Status.Conditions {
			if old.Type == c.Type && old.Status == c.Status {
				st.Conditions[i].LastTransitionTime = old.LastTransitionTime
			}
		}
	}
	rt.pod.Status.Conditions = st.Conditions
	pod.Status = st
	return pod
}

// phase follows the kubelet's rules: Pending until every container has started, Succeeded or
// Failed once every container has exited for good, Running otherwise.
func (rt *podRuntime) phase() corev1.PodPhase {
	if rt.failed != "" {
		return corev1.PodFailed
	}
	if !rt.initDone {
		return corev1.PodPending
	}
	policy := rt.pod.Spec.RestartPolicy
	finished, succeeded := 0, 0
	for _, c := range rt.containers {
		if c.state.Waiting != nil && c.restarts == 0 && c.lastState.Terminated == nil {
			return corev1.PodPending
		}
		t := c.state.Terminated
		if t == nil {
			continue
		}
		final := rt.terminating || policy == corev1.RestartPolicyNever || (policy == corev1.RestartPolicyOnFailure && t.ExitCode == 0)
		if final {
			finished++
			if t.ExitCode == 0 {
				succeeded++
			}
		}
	}
	if finished == len(rt.containers) {
		if succeeded == finished {
			return corev1.PodSucceeded
		}
		return corev1.PodFailed
	}
	return corev1.PodRunning
}

func sleepCtx(ctx context.Context, d time.Duration) bool {
	select {
	case <-ctx.Done():
		return false
	case <-time.After(d):
		return true
	}
}
