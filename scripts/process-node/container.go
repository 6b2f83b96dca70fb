package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// containerRuntime is one container of a pod: its current process, its state and restarts.
// Its fields are guarded by the pod's mutex.
type containerRuntime struct {
	rt    *podRuntime
	spec  corev1.Container
	image Image
	init  bool

	state, lastState corev1.ContainerState
	restarts         int32
	ready, started   bool
	proc             *exec.Cmd
	exited           chan struct{}
	killReason       string
}

func newContainerRuntime(rt *podRuntime, spec corev1.Container, image Image, init bool) *containerRuntime {
	return &containerRuntime{rt: rt, spec: spec, image: image, init: init,
		state: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "ContainerCreating"}}}
}

// runToCompletion runs an init container until it exits 0; false when the pod can't go on.
func (c *containerRuntime) runToCompletion() bool {
	backoff := newBackoff()
	for {
		code, err := c.runOnce()
		if err != nil {
			c.configError(err)
			return false
		}
		if c.rt.ctx.Err() != nil {
			return false
		}
		if code == 0 {
			return true
		}
		if c.rt.pod.Spec.RestartPolicy == corev1.RestartPolicyNever {
			c.rt.fail(fmt.Sprintf("init container %s exited with %d", c.spec.Name, code))
			return false
		}
		if !c.backOff(backoff) {
			return false
		}
	}
}

// supervise keeps a container running as its pod's restartPolicy asks.
func (c *containerRuntime) supervise() {
	backoff := newBackoff()
	policy := c.rt.pod.Spec.RestartPolicy
	for {
		code, err := c.runOnce()
		if err != nil {
			c.configError(err)
			if !c.backOff(backoff) {
				return
			}
			continue
		}
		if c.rt.ctx.Err() != nil {
			return
		}
		if policy == corev1.RestartPolicyNever || (policy == corev1.RestartPolicyOnFailure && code == 0) {
			c.rt.publish()
			return
		}
		if !c.backOff(backoff) {
			return
		}
	}
}

func (c *containerRuntime) configError(err error) {
	c.rt.logger().WithError(err).Warnf("container %s can't start", c.spec.Name)
	c.rt.p.event(c.rt.pod, corev1.EventTypeWarning, "Failed", fmt.Sprintf("container %s: %v", c.spec.Name, err))
	c.rt.mu.Lock()
	c.state = corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "CreateContainerConfigError", Message: err.Error()}}
	c.rt.mu.Unlock()
	c.rt.publish()
}

// backOff waits before a restart (10 s doubling to 5 min, as the kubelet does), showing
// CrashLoopBackOff meanwhile; false when the pod is going away.
func (c *containerRuntime) backOff(b *backoff) bool {
	delay := b.next()
	c.rt.mu.Lock()
	c.lastState = c.state
	c.state = corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "CrashLoopBackOff",
		Message: fmt.Sprintf("back-off %s restarting failed container %s", delay, c.spec.Name)}}
	c.rt.mu.Unlock()
	c.rt.publish()
	if !sleepCtx(c.rt.ctx, delay) {
		return false
	}
	c.rt.mu.Lock()
	c.restarts++
	c.rt.mu.Unlock()
	return true
}

// runOnce starts the container's process, probes it while it runs, and returns its exit code.
func (c *containerRuntime) runOnce() (int, error) {
	cmd, logFile, err := c.command()
	if err != nil {
		return 0, err
	}
	defer logFile.Close()
	if err := cmd.Start(); err != nil {
		return 0, fmt.Errorf("start: %w", err)
	}
	exited := make(chan struct{})
	c.rt.mu.Lock()
	if c.state.Terminated != nil {
		c.lastState = c.state
	}
	c.proc, c.exited, c.killReason = cmd, exited, ""
	c.started = c.spec.StartupProbe == nil
	c.ready = false
	c.state = corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: metav1.Now()}}
	c.rt.mu.Unlock()
	c.rt.publish()
	if !c.init {
		go c.probe(exited, cmd.Process.Pid)
	}

	err = cmd.Wait()
	close(exited)
	code := 0
	if err != nil {
		var exitErr *exec.ExitError
		if !errors.As(err, &exitErr) {
			return 0, err
		}
		code = exitErr.ExitCode()
		if ws, ok := exitErr.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			code = 128 + int(ws.Signal())
		}
	}
	c.rt.mu.Lock()
	reason := "Completed"
	if code != 0 {
		reason = "Error"
	}
	if c.killReason != "" {
		reason = c.killReason
	}
	started := c.state.Running.StartedAt
	c.state = corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{
		ExitCode: int32(code), Reason: reason, StartedAt: started, FinishedAt: metav1.Now(),
		ContainerID: fmt.Sprintf("process://%d", cmd.Process.Pid),
	}}
	c.ready, c.proc = false, nil
	c.rt.mu.Unlock()
	c.rt.publish()
	return code, nil
}

// stop ends the container: its preStop hook (on pod deletion), SIGTERM to its process group,
// SIGKILL when the deadline passes.
func (c *containerRuntime) stop(deadline time.Time, preStop bool) {
	c.rt.mu.Lock()
	proc, exited := c.proc, c.exited
	c.rt.mu.Unlock()
	if proc == nil || proc.Process == nil {
		return
	}
	if preStop && c.spec.Lifecycle != nil && c.spec.Lifecycle.PreStop != nil {
		if err := c.runHandler(c.spec.Lifecycle.PreStop, proc.Process.Pid, time.Until(deadline)); err != nil {
			c.rt.p.event(c.rt.pod, corev1.EventTypeWarning, "FailedPreStopHook", fmt.Sprintf("container %s: %v", c.spec.Name, err))
		}
	}
	_ = syscall.Kill(-proc.Process.Pid, syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(time.Until(deadline)):
		_ = syscall.Kill(-proc.Process.Pid, syscall.SIGKILL)
		<-exited
	}
}

// kill ends the current process for a failed liveness or startup probe; supervise restarts it.
func (c *containerRuntime) kill(reason string) {
	c.rt.mu.Lock()
	c.killReason = reason
	c.rt.mu.Unlock()
	grace := int64(30)
	if c.rt.pod.Spec.TerminationGracePeriodSeconds != nil {
		grace = *c.rt.pod.Spec.TerminationGracePeriodSeconds
	}
	c.stop(time.Now().Add(time.Duration(grace)*time.Second), false)
}

func (c *containerRuntime) status() corev1.ContainerStatus {
	s := corev1.ContainerStatus{
		Name: c.spec.Name, Image: c.spec.Image, ImageID: "process://" + c.image.Runs,
		State: c.state, LastTerminationState: c.lastState, Ready: c.ready, RestartCount: c.restarts,
	}
	started := c.state.Running != nil && c.started
	s.Started = &started
	if c.proc != nil && c.proc.Process != nil {
		s.ContainerID = fmt.Sprintf("process://%d", c.proc.Process.Pid)
	} else if c.state.Terminated != nil {
		s.ContainerID = c.state.Terminated.ContainerID
	}
	return s
}

// identity is the uid, gid and groups the container runs as: its securityContext, else the
// pod's, else the image's user, as a container runtime decides.
type identity struct {
	uid, gid int64
	groups   []int64
}

func (c *containerRuntime) identity() (identity, error) {
	pod := c.rt.pod
	var id identity
	var uid, gid *int64
	nonRoot := false
	if psc := pod.Spec.SecurityContext; psc != nil {
		uid, gid = psc.RunAsUser, psc.RunAsGroup
		nonRoot = psc.RunAsNonRoot != nil && *psc.RunAsNonRoot
		if psc.FSGroup != nil {
			id.groups = append(id.groups, *psc.FSGroup)
		}
		id.groups = append(id.groups, psc.SupplementalGroups...)
	}
	if sc := c.spec.SecurityContext; sc != nil {
		if sc.RunAsUser != nil {
			uid = sc.RunAsUser
		}
		if sc.RunAsGroup != nil {
			gid = sc.RunAsGroup
		}
		if sc.RunAsNonRoot != nil {
			nonRoot = *sc.RunAsNonRoot
		}
	}
	if uid != nil {
		id.uid = *uid
	} else if c.image.User != nil {
		id.uid = c.image.User.UID
	}
	if gid != nil {
		id.gid = *gid
	} else if c.image.User != nil && c.image.User.UID == id.uid {
		id.gid = c.image.User.GID
	}
	if nonRoot && id.uid == 0 {
		return id, fmt.Errorf("runAsNonRoot is set and the container would run as root (uid 0)")
	}
	return id, nil
}

// command builds the process: enter the pod's network namespace, take a private mount and UTS
// namespace, bind the image's files and the volumes at their paths, then become the
// container's user and exec its command.
func (c *containerRuntime) command() (*exec.Cmd, *timestampedLog, error) {
	rt := c.rt
	id, err := c.identity()
	if err != nil {
		return nil, nil, err
	}
	env := c.environment(id)
	argv, err := c.argv(env)
	if err != nil {
		return nil, nil, err
	}
	dir := filepath.Join(rt.memDir, "containers", c.spec.Name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, nil, err
	}
	if err := c.writeAccounts(dir, id); err != nil {
		return nil, nil, err
	}
	mounts, err := c.mounts(dir)
	if err != nil {
		return nil, nil, err
	}
	// bash, not dash: dash drops environment variables whose names are not shell identifiers
	// (Quarkus reads `nessie.secrets.s3.name`), and the script must pass them all through.
	var sh strings.Builder
	sh.WriteString("set -e\n")
	fmt.Fprintf(&sh, "hostname %s\n", shellQuote(podHostname(rt.pod)))
	sh.WriteString(mountScript(mounts))
	fmt.Fprintf(&sh, "cd %s\n", shellQuote(c.workdir()))
	fmt.Fprintf(&sh, "exec %s -- %s\n", strings.Join(setprivArgs(id, c.spec.SecurityContext), " "), joinQuoted(argv))
	script := filepath.Join(dir, "start.sh")
	if err := os.WriteFile(script, []byte(sh.String()), 0o700); err != nil {
		return nil, nil, err
	}
	logFile, err := c.openLog()
	if err != nil {
		return nil, nil, err
	}
	cmd := exec.Command("nsenter", "--net="+netnsPath(netnsName(string(rt.pod.UID))), "--",
		"unshare", "--mount", "--uts", "--ipc", "--propagation", "private", "--", "/bin/bash", script)
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	return cmd, logFile, nil
}

// workdir: the container's workingDir, else the image's WORKDIR, else /.
func (c *containerRuntime) workdir() string {
	if c.spec.WorkingDir != "" {
		return c.spec.WorkingDir
	}
	if c.image.WorkingDir != "" {
		return c.image.WorkingDir
	}
	return "/"
}

func setprivArgs(id identity, sc *corev1.SecurityContext) []string {
	args := []string{"/usr/bin/setpriv", "--reuid=" + strconv.FormatInt(id.uid, 10), "--regid=" + strconv.FormatInt(id.gid, 10)}
	if len(id.groups) == 0 {
		args = append(args, "--clear-groups")
	} else {
		var gs []string
		for _, g := range id.groups {
			gs = append(gs, strconv.FormatInt(g, 10))
		}
		args = append(args, "--groups="+strings.Join(gs, ","))
	}
	args = append(args, "--inh-caps=-all", "--bounding-set=-all")
	if sc != nil && sc.AllowPrivilegeEscalation != nil && !*sc.AllowPrivilegeEscalation {
		args = append(args, "--no-new-privs")
	}
	return args
}

// environment: the image's ENV, overridden by the pod's (already resolved by virtual-kubelet,
// Secrets included), plus HOSTNAME and a HOME as a runtime sets them.
func (c *containerRuntime) environment(id identity) []string {
	vars := map[string]string{"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}
	for k, v := range c.image.Env {
		vars[k] = v
	}
	vars["HOSTNAME"] = podHostname(c.rt.pod)
	if _, ok := vars["HOME"]; !ok {
		vars["HOME"] = "/"
		if c.image.User != nil && c.image.User.UID == id.uid && c.image.User.Home != "" {
			vars["HOME"] = c.image.User.Home
		}
	}
	for _, e := range c.spec.Env {
		vars[e.Name] = expandVars(e.Value, vars)
	}
	out := make([]string, 0, len(vars))
	for k, v := range vars {
		out = append(out, k+"="+v)
	}
	sort.Strings(out)
	return out
}

// argv follows Kubernetes: command replaces the image's entrypoint, args its cmd; $(VAR) expands.
func (c *containerRuntime) argv(env []string) ([]string, error) {
	vars := map[string]string{}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		vars[k] = v
	}
	var argv []string
	switch {
	case len(c.spec.Command) > 0:
		argv = append(append(argv, c.spec.Command...), c.spec.Args...)
	case len(c.spec.Args) > 0:
		argv = append(append(argv, c.image.Entrypoint...), c.spec.Args...)
	default:
		argv = append(append(argv, c.image.Entrypoint...), c.image.Cmd...)
	}
	if len(argv) == 0 {
		return nil, fmt.Errorf("no command: the pod gives none and the image table has no entrypoint for %s", c.spec.Image)
	}
	for i := range argv {
		argv[i] = expandVars(argv[i], vars)
	}
	return argv, nil
}

type mount struct {
	source, target  string
	readOnly, isDir bool
}

// mountScript binds every mount at its target, then remounts the read-only ones. Binds first:
// a mount nested in a read-only volume (a catalog directory inside a config directory) needs its
// mountpoint made inside that volume. A missing mountpoint is made as the container runtime
// makes it, parents included: a file's subPath mount into an empty volume
// (/opt/airflow/dags/x.py over an emptyDir at /opt/airflow) needs its directory first.
//
// Every source is opened before the first mount and bound through its descriptor: a volume
// mounted at /tmp (an emptyDir, as most charts give) would otherwise hide the sources of the
// mounts after it whenever the node's state or cache directory lies under /tmp. The
// descriptors are closed before the container's process starts.
func mountScript(mounts []mount) string {
	var sh strings.Builder
	for i, m := range mounts {
		fmt.Fprintf(&sh, "exec {src%d}<%s\n", i, shellQuote(m.source))
	}
	for i, m := range mounts {
		if m.isDir {
			fmt.Fprintf(&sh, "mkdir -p %s\n", shellQuote(m.target))
		} else {
			fmt.Fprintf(&sh, "[ -e %[1]s ] || { mkdir -p %[2]s && : > %[1]s; }\n", shellQuote(m.target), shellQuote(filepath.Dir(m.target)))
		}
		fmt.Fprintf(&sh, "mount --no-canonicalize --bind \"/proc/self/fd/$src%d\" %s\n", i, shellQuote(m.target))
	}
	for _, m := range mounts {
		if m.readOnly {
			fmt.Fprintf(&sh, "mount -o remount,bind,ro %s\n", shellQuote(m.target))
		}
	}
	if len(mounts) > 0 {
		sh.WriteString("exec")
		for i := range mounts {
			fmt.Fprintf(&sh, " {src%d}<&-", i)
		}
		sh.WriteString("\n")
	}
	return sh.String()
}

// mounts: the image's empty directories and files first, then the volumes (parents before children), then the pod's
// /etc/hosts, /etc/resolv.conf and account files.
func (c *containerRuntime) mounts(dir string) ([]mount, error) {
	rt := c.rt
	var out []mount
	out, err := emptyDirMounts(dir, c.image)
	if err != nil {
		return nil, err
	}
	for _, m := range c.image.Mounts {
		out = append(out, mount{source: m.Source, target: m.Target, readOnly: true})
	}
	var vols []mount
	for _, vm := range c.spec.VolumeMounts {
		src, ok := rt.volumes[vm.Name]
		if !ok {
			return nil, fmt.Errorf("volumeMount %s names no volume", vm.Name)
		}
		if vm.SubPath != "" {
			if strings.Contains(vm.SubPath, "..") {
				return nil, fmt.Errorf("volumeMount %s: subPath %q leaves the volume", vm.Name, vm.SubPath)
			}
			root := src
			src = filepath.Join(src, vm.SubPath)
			if _, err := os.Stat(src); os.IsNotExist(err) {
				if err := makeSubPath(root, src); err != nil {
					return nil, fmt.Errorf("volumeMount %s: subPath %q: %w", vm.Name, vm.SubPath, err)
				}
			}
		}
		vols = append(vols, mount{source: src, target: vm.MountPath, readOnly: vm.ReadOnly})
	}
	sort.SliceStable(vols, func(i, j int) bool { return strings.Count(vols[i].target, "/") < strings.Count(vols[j].target, "/") })
	out = append(out, vols...)
	out = append(out,
		mount{source: filepath.Join(rt.memDir, "hosts"), target: "/etc/hosts", readOnly: true},
		mount{source: filepath.Join(rt.memDir, "resolv.conf"), target: "/etc/resolv.conf", readOnly: true},
		mount{source: filepath.Join(dir, "passwd"), target: "/etc/passwd", readOnly: true},
		mount{source: filepath.Join(dir, "group"), target: "/etc/group", readOnly: true},
	)
	for i, m := range out {
		st, err := os.Stat(m.source)
		if err != nil {
			return nil, fmt.Errorf("mount source %s: %w", m.source, err)
		}
		out[i].isDir = st.IsDir()
		if err := rt.p.mountpoints.ensure(m.source, m.target); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// emptyDirMounts: a fresh directory under the container's dir for each of the image's empty
// directories, owned by the image's user as the image has it.
func emptyDirMounts(dir string, image Image) ([]mount, error) {
	var out []mount
	for i, target := range image.EmptyDirs {
		src := filepath.Join(dir, "empty-dirs", strconv.Itoa(i))
		if err := os.MkdirAll(src, 0o755); err != nil {
			return nil, err
		}
		if err := os.Chown(src, int(image.User.UID), int(image.User.GID)); err != nil {
			return nil, err
		}
		out = append(out, mount{source: src, target: target})
	}
	return out, nil
}

// writeAccounts gives the container the host's accounts plus its own user and groups, as the
// image's /etc/passwd has them: initdb, Python's getpass and Java's user.home look them up.
func (c *containerRuntime) writeAccounts(dir string, id identity) error {
	passwd, err := os.ReadFile("/etc/passwd")
	if err != nil {
		return err
	}
	group, err := os.ReadFile("/etc/group")
	if err != nil {
		return err
	}
	// The image's own user wins over a host account that happens to share its uid.
	name, home := fmt.Sprintf("uid%d", id.uid), "/"
	if u := c.image.User; u != nil && u.UID == id.uid {
		name, home = u.Name, u.Home
		passwd = withoutID(passwd, id.uid)
	}
	if !hasID(string(passwd), id.uid) {
		passwd = append(passwd, []byte(fmt.Sprintf("%s:x:%d:%d::%s:/bin/sh\n", name, id.uid, id.gid, home))...)
	}
	for _, g := range append([]int64{id.gid}, id.groups...) {
		gname := fmt.Sprintf("gid%d", g)
		if u := c.image.User; u != nil && u.GID == g {
			gname = u.Name
			group = withoutID(group, g)
		}
		if !hasID(string(group), g) {
			group = append(group, []byte(fmt.Sprintf("%s:x:%d:\n", gname, g))...)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "passwd"), passwd, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "group"), group, 0o644)
}

func withoutID(file []byte, id int64) []byte {
	var kept []string
	for _, line := range strings.Split(strings.TrimSuffix(string(file), "\n"), "\n") {
		if f := strings.Split(line, ":"); len(f) > 2 && f[2] == strconv.FormatInt(id, 10) {
			continue
		}
		kept = append(kept, line)
	}
	return []byte(strings.Join(kept, "\n") + "\n")
}

func hasID(file string, id int64) bool {
	for _, line := range strings.Split(file, "\n") {
		f := strings.Split(line, ":")
		if len(f) > 2 && f[2] == strconv.FormatInt(id, 10) {
			return true
		}
	}
	return false
}

type backoff struct{ d time.Duration }

func newBackoff() *backoff { return &backoff{} }

func (b *backoff) next() time.Duration {
	if b.d == 0 {
		b.d = 10 * time.Second
	} else if b.d < 5*time.Minute {
		b.d *= 2
		if b.d > 5*time.Minute {
			b.d = 5 * time.Minute
		}
	}
	return b.d
}

// makeSubPath makes a missing subPath directory as the kubelet does (kubelet_pods.go makeMounts):
// with the volume root's mode, umask aside, so that a volume the pod's fsGroup owns (group
// rwx, setgid) stays writable to that group in the subdirectory too; setgid gives it the group.
// Prometheus' data lives in such a subPath (prometheus-db) of its claim.
func makeSubPath(root, dir string) error {
	st, err := os.Stat(root)
	if err != nil {
		return err
	}
	mode := st.Mode() & (os.ModePerm | os.ModeSetgid | os.ModeSticky)
	rel, err := filepath.Rel(root, dir)
	if err != nil {
		return err
	}
	path := root
	for _, part := range strings.Split(rel, string(filepath.Separator)) {
		path = filepath.Join(path, part)
		if err := os.Mkdir(path, mode.Perm()); err != nil {
			if os.IsExist(err) {
				continue
			}
			return err
		}
		if err := os.Chmod(path, mode); err != nil {
			return err
		}
	}
	return nil
}
