package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func containerOf(spec corev1.Container, image Image, podSC *corev1.PodSecurityContext) *containerRuntime {
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web-0", Namespace: "ns"}, Spec: corev1.PodSpec{SecurityContext: podSC}}
	return newContainerRuntime(&podRuntime{pod: pod}, spec, image, false)
}

func TestArgvFollowsKubernetesRules(t *testing.T) {
	image := Image{Entrypoint: []string{"/entrypoint"}, Cmd: []string{"serve"}}
	env := []string{"NAME=lake", "PORT=8080"}
	for name, tc := range map[string]struct {
		spec corev1.Container
		want []string
	}{
		"the image's entrypoint and cmd": {corev1.Container{}, []string{"/entrypoint", "serve"}},
		"args replace cmd only":          {corev1.Container{Args: []string{"migrate"}}, []string{"/entrypoint", "migrate"}},
		"command replaces both":          {corev1.Container{Command: []string{"sh", "-c"}, Args: []string{"echo"}}, []string{"sh", "-c", "echo"}},
		"$(VAR) expands, $$ escapes":     {corev1.Container{Args: []string{"--port=$(PORT)", "$$(NAME)", "$(UNSET)"}}, []string{"/entrypoint", "--port=8080", "$(NAME)", "$(UNSET)"}},
	} {
		got, err := containerOf(tc.spec, image, nil).argv(env)
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: argv = %q, %v; want %q", name, got, err, tc.want)
		}
	}
	if _, err := containerOf(corev1.Container{Image: "x:1"}, Image{}, nil).argv(env); err == nil {
		t.Error("no command at all: accepted")
	}
}

func TestEnvironmentLayersPodOverImage(t *testing.T) {
	image := Image{Env: map[string]string{"PATH": "/opt/bin", "LANG": "C.UTF-8", "MODE": "image"}, User: &ImageUser{UID: 1000, Home: "/home/app"}}
	c := containerOf(corev1.Container{Env: []corev1.EnvVar{{Name: "MODE", Value: "pod"}, {Name: "URL", Value: "http://$(HOSTNAME):80"}}}, image, nil)
	env := map[string]string{}
	for _, kv := range c.environment(identity{uid: 1000}) {
		k, v, _ := strings.Cut(kv, "=")
		env[k] = v
	}
	want := map[string]string{"PATH": "/opt/bin", "LANG": "C.UTF-8", "MODE": "pod", "HOSTNAME": "web-0", "HOME": "/home/app", "URL": "http://web-0:80"}
	if !reflect.DeepEqual(env, want) {
		t.Errorf("environment = %v, want %v", env, want)
	}
}

func TestIdentityTakesThePodsUserThenTheImages(t *testing.T) {
	uid, gid, fsGroup := int64(50000), int64(0), int64(2000)
	image := Image{User: &ImageUser{UID: 999, GID: 999}}
	id, err := containerOf(corev1.Container{}, image, &corev1.PodSecurityContext{RunAsUser: &uid, RunAsGroup: &gid, FSGroup: &fsGroup}).identity()
	if err != nil || id.uid != 50000 || id.gid != 0 || !reflect.DeepEqual(id.groups, []int64{2000}) {
		t.Errorf("pod's user: %+v, %v", id, err)
	}
	id, err = containerOf(corev1.Container{}, image, nil).identity()
	if err != nil || id.uid != 999 || id.gid != 999 {
		t.Errorf("image's user: %+v, %v", id, err)
	}
	yes, root := true, int64(0)
	if _, err := containerOf(corev1.Container{}, Image{}, &corev1.PodSecurityContext{RunAsNonRoot: &yes, RunAsUser: &root}).identity(); err == nil {
		t.Error("runAsNonRoot with uid 0: accepted")
	}
}

func TestSetprivDropsCapabilitiesAndHonoursNoNewPrivileges(t *testing.T) {
	no := false
	args := strings.Join(setprivArgs(identity{uid: 1000, gid: 1000, groups: []int64{2000, 3000}}, &corev1.SecurityContext{AllowPrivilegeEscalation: &no}), " ")
	for _, want := range []string{"--reuid=1000", "--regid=1000", "--groups=2000,3000", "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs"} {
		if !strings.Contains(args, want) {
			t.Errorf("setpriv %s: lacks %s", args, want)
		}
	}
	if args := strings.Join(setprivArgs(identity{uid: 1}, nil), " "); !strings.Contains(args, "--clear-groups") || strings.Contains(args, "--no-new-privs") {
		t.Errorf("no groups, no securityContext: %s", args)
	}
}

func TestAccountFilesDropAHostEntryOfTheSameID(t *testing.T) {
	got := string(withoutID([]byte("root:x:0:0::/root:/bin/bash\nredis:x:999:999::/var/lib/redis:/bin/false\n"), 999))
	if got != "root:x:0:0::/root:/bin/bash\n" {
		t.Errorf("withoutID = %q", got)
	}
	if !hasID("a:x:1:1::/:/bin/sh\nb:x:999:999::/:/bin/sh", 999) || hasID("a:x:1:1::/:/bin/sh", 999) {
		t.Error("hasID")
	}
}

func TestRestartBackoffDoublesFromTenSecondsToFiveMinutes(t *testing.T) {
	b := newBackoff()
	var got []time.Duration
	for i := 0; i < 7; i++ {
		got = append(got, b.next())
	}
	want := []time.Duration{10 * time.Second, 20 * time.Second, 40 * time.Second, 80 * time.Second, 160 * time.Second, 300 * time.Second, 300 * time.Second}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("backoff = %v, want %v", got, want)
	}
}

func TestMountScriptMakesAFilesMountpointWithItsDirectoryInsideAnEarlierVolume(t *testing.T) {
	// As the Airflow pods have it: an emptyDir over /opt/airflow, then one file of a ConfigMap
	// (subPath) at /opt/airflow/dags/x.py, read-only.
	script := mountScript([]mount{
		{source: "/scratch/opt-airflow", target: "/opt/airflow", isDir: true},
		{source: "/vol/config/x.py", target: "/opt/airflow/dags/x.py", readOnly: true},
	})
	want := "exec {src0}<'/scratch/opt-airflow'\n" +
		"exec {src1}<'/vol/config/x.py'\n" +
		"mkdir -p '/opt/airflow'\n" +
		"mount --no-canonicalize --bind \"/proc/self/fd/$src0\" '/opt/airflow'\n" +
		"[ -e '/opt/airflow/dags/x.py' ] || { mkdir -p '/opt/airflow/dags' && : > '/opt/airflow/dags/x.py'; }\n" +
		"mount --no-canonicalize --bind \"/proc/self/fd/$src1\" '/opt/airflow/dags/x.py'\n" +
		"mount -o remount,bind,ro '/opt/airflow/dags/x.py'\n" +
		"exec {src0}<&- {src1}<&-\n"
	if script != want {
		t.Fatalf("mount script:\n%s\nwant:\n%s", script, want)
	}
}

func TestMountScriptRunsInAShellAndLeavesTheFileMountpointInPlace(t *testing.T) {
	// Only the mountpoint-making half, outside a mount namespace: the lines before each bind.
	root := t.TempDir()
	script := mountScript([]mount{{source: "/dev/null", target: root + "/a/b/c.txt"}})
	first := strings.Split(script, "\n")[1]
	if out, err := exec.Command("bash", "-c", "set -e\n"+first).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v: %s", first, err, out)
	}
	if info, err := os.Stat(root + "/a/b/c.txt"); err != nil || info.IsDir() {
		t.Fatalf("mountpoint file not made: %v", err)
	}
}

func TestEmptyDirsAreFreshDirectoriesOwnedByTheImagesUser(t *testing.T) {
	dir := t.TempDir()
	image := Image{User: &ImageUser{Name: "nonroot", UID: 65532, GID: 65532, Home: "/home/nonroot"}, EmptyDirs: []string{"/home/nonroot"}}
	got, err := emptyDirMounts(dir, image)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].target != "/home/nonroot" || got[0].readOnly {
		t.Fatalf("mounts = %+v", got)
	}
	st, err := os.Stat(got[0].source)
	if err != nil {
		t.Fatal(err)
	}
	if owner := st.Sys().(*syscall.Stat_t); owner.Uid != 65532 || owner.Gid != 65532 || !st.IsDir() {
		t.Errorf("%s: dir %v owned by %d:%d, want a directory owned by 65532:65532", got[0].source, st.IsDir(), owner.Uid, owner.Gid)
	}
}

// A volume mounted over a directory that holds the sources of later mounts (an emptyDir at /tmp,
// with the node's state under /tmp) must not hide them: the container sees every mount.
func TestMountScriptBindsSourcesAVolumeMountHides(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Fatal("needs root for a mount namespace, as the process node itself does")
	}
	state := t.TempDir()
	shadow := filepath.Join(state, "empty")
	source := filepath.Join(state, "config")
	target := filepath.Join(state, "container-view")
	for _, d := range []string{shadow, source, target} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(source, "app.conf"), []byte("port=8080\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// The first mount covers the state directory itself, as an emptyDir at /tmp covers /tmp.
	script := "set -e\nls /proc/$$/fd | wc -l\n" + mountScript([]mount{
		{source: shadow, target: state, isDir: true},
		{source: source, target: target, isDir: true, readOnly: true},
	}) + "cat " + shellQuote(filepath.Join(target, "app.conf")) + "\nls /proc/$$/fd | wc -l\n"
	out, err := exec.Command("unshare", "--mount", "--propagation", "private", "--", "bash", "-c", script).CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s\nscript:\n%s", err, out, script)
	}
	lines := strings.Fields(string(out))
	if len(lines) != 3 || lines[1] != "port=8080" {
		t.Fatalf("container saw %q, want the config file's content", out)
	}
	// The sources' descriptors are closed again before the container's process would start.
	if lines[0] != lines[2] {
		t.Errorf("open descriptors before the mounts %s, after %s", lines[0], lines[2])
	}
}

// A subPath of a volume the pod's fsGroup owns is writable to that group, as the kubelet makes it.
func TestSubPathTakesTheVolumeRootsModeAndGroup(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Fatal("needs root to give the volume to another group, as the process node itself does")
	}
	root := t.TempDir()
	if err := os.Chown(root, 0, 2000); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(root, 0o770|os.ModeSetgid); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "prometheus-db", "wal")
	if err := makeSubPath(root, dir); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{filepath.Join(root, "prometheus-db"), dir} {
		st, err := os.Stat(d)
		if err != nil {
			t.Fatal(err)
		}
		gid := st.Sys().(*syscall.Stat_t).Gid
		if st.Mode().Perm() != 0o770 || st.Mode()&os.ModeSetgid == 0 || gid != 2000 {
			t.Errorf("%s: mode %v group %d, want drwxrws--- group 2000", d, st.Mode(), gid)
		}
	}
}
