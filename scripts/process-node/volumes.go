package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	authv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// materializeVolumes makes every pod volume a directory, as a kubelet's volume plugins would:
// Secrets, ConfigMaps, projected and downward API files on the pods' tmpfs, emptyDirs on disk,
// claims in the directory of their PersistentVolume (which outlives the pod).
func (p *Provider) materializeVolumes(ctx context.Context, rt *podRuntime) (map[string]string, error) {
	pod := rt.pod
	dirs := map[string]string{}
	fsGroup := podFSGroup(pod)
	for _, v := range pod.Spec.Volumes {
		var dir string
		var err error
		switch {
		case v.EmptyDir != nil:
			dir = filepath.Join(rt.diskDir, "empty", v.Name)
			err = mkdirMode(dir, 0o777)
		case v.ConfigMap != nil:
			dir = filepath.Join(rt.memDir, "volumes", v.Name)
			err = p.writeFiles(dir, fsGroup, func() (map[string][]byte, []corev1.KeyToPath, *int32, error) {
				return p.configMapFiles(pod.Namespace, v.ConfigMap.Name, v.ConfigMap.Optional, v.ConfigMap.Items, v.ConfigMap.DefaultMode)
			})
		case v.Secret != nil:
			dir = filepath.Join(rt.memDir, "volumes", v.Name)
			err = p.writeFiles(dir, fsGroup, func() (map[string][]byte, []corev1.KeyToPath, *int32, error) {
				return p.secretFiles(pod.Namespace, v.Secret.SecretName, v.Secret.Optional, v.Secret.Items, v.Secret.DefaultMode)
			})
		case v.Projected != nil:
			dir = filepath.Join(rt.memDir, "volumes", v.Name)
			err = p.writeProjected(ctx, rt, dir, fsGroup, v.Projected)
		case v.DownwardAPI != nil:
			dir = filepath.Join(rt.memDir, "volumes", v.Name)
			err = p.writeFiles(dir, fsGroup, func() (map[string][]byte, []corev1.KeyToPath, *int32, error) {
				files, err := downwardFiles(pod, v.DownwardAPI.Items)
				return files, nil, v.DownwardAPI.DefaultMode, err
			})
		case v.PersistentVolumeClaim != nil:
			dir, err = p.claimDir(ctx, pod.Namespace, v.PersistentVolumeClaim.ClaimName)
			if err == nil {
				err = applyFSGroup(dir, pod)
			}
		case v.HostPath != nil:
			dir = v.HostPath.Path
		default:
			err = fmt.Errorf("volume %s: this kind of volume is not supported by the process node", v.Name)
		}
		if err != nil {
			return nil, fmt.Errorf("volume %s: %w", v.Name, err)
		}
		dirs[v.Name] = dir
	}
	return dirs, nil
}

func (p *Provider) configMapFiles(ns, name string, optional *bool, items []corev1.KeyToPath, mode *int32) (map[string][]byte, []corev1.KeyToPath, *int32, error) {
	cm, err := p.configMaps.ConfigMaps(ns).Get(name)
	if err != nil {
		if optional != nil && *optional {
			return map[string][]byte{}, nil, mode, nil
		}
		return nil, nil, nil, fmt.Errorf("ConfigMap %s/%s: %w", ns, name, err)
	}
	data := map[string][]byte{}
	for k, v := range cm.Data {
		data[k] = []byte(v)
	}
	for k, v := range cm.BinaryData {
		data[k] = v
	}
	return data, items, mode, nil
}

func (p *Provider) secretFiles(ns, name string, optional *bool, items []corev1.KeyToPath, mode *int32) (map[string][]byte, []corev1.KeyToPath, *int32, error) {
	s, err := p.secrets.Secrets(ns).Get(name)
	if err != nil {
		if optional != nil && *optional {
			return map[string][]byte{}, nil, mode, nil
		}
		return nil, nil, nil, fmt.Errorf("Secret %s/%s: %w", ns, name, err)
	}
	return s.Data, items, mode, nil
}

// writeFiles writes a key→content source into dir, honouring items (key → path, mode) and the
// default mode; with an fsGroup the files belong to that group and are group-readable.
func (p *Provider) writeFiles(dir string, fsGroup *int64, source func() (map[string][]byte, []corev1.KeyToPath, *int32, error)) error {
	data, items, defaultMode, err := source()
	if err != nil {
		return err
	}
	mode := int32(0o644)
	if defaultMode != nil {
		mode = *defaultMode
	}
	files := map[string]fileSpec{}
	if err := addKeyFiles(files, data, items, mode); err != nil {
		return err
	}
	return writeTree(dir, files, fsGroup)
}

// addKeyFiles adds a ConfigMap's or Secret's keys as files: every key, or the items' key → path
// with each item's mode, else the default mode.
func addKeyFiles(files map[string]fileSpec, data map[string][]byte, items []corev1.KeyToPath, mode int32) error {
	if len(items) == 0 {
		for k, v := range data {
			files[k] = fileSpec{v, mode}
		}
		return nil
	}
	for _, it := range items {
		v, ok := data[it.Key]
		if !ok {
			return fmt.Errorf("key %s is missing", it.Key)
		}
		m := mode
		if it.Mode != nil {
			m = *it.Mode
		}
		files[it.Path] = fileSpec{v, m}
	}
	return nil
}

type fileSpec struct {
	content []byte
	mode    int32
}

func writeTree(dir string, files map[string]fileSpec, fsGroup *int64) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	if err := mkdirMode(dir, 0o755); err != nil {
		return err
	}
	for rel, f := range files {
		if strings.Contains(rel, "..") {
			return fmt.Errorf("file path %q leaves the volume", rel)
		}
		path := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		mode := os.FileMode(f.mode) & 0o777
		if fsGroup != nil && mode&0o400 != 0 {
			mode |= 0o040
		}
		if err := os.WriteFile(path, f.content, mode); err != nil {
			return err
		}
		if err := os.Chmod(path, mode); err != nil {
			return err
		}
		if fsGroup != nil {
			if err := os.Chown(path, 0, int(*fsGroup)); err != nil {
				return err
			}
		}
	}
	return nil
}

func (p *Provider) writeProjected(ctx context.Context, rt *podRuntime, dir string, fsGroup *int64, v *corev1.ProjectedVolumeSource) error {
	pod := rt.pod
	files := map[string]fileSpec{}
	mode := int32(0o644)
	if v.DefaultMode != nil {
		mode = *v.DefaultMode
	}
	add := func(data map[string][]byte, items []corev1.KeyToPath) error {
		return addKeyFiles(files, data, items, mode)
	}
	for _, src := range v.Sources {
		switch {
		case src.ConfigMap != nil:
			data, _, _, err := p.configMapFiles(pod.Namespace, src.ConfigMap.Name, src.ConfigMap.Optional, nil, nil)
			if err != nil {
				return err
			}
			if err := add(data, src.ConfigMap.Items); err != nil {
				return err
			}
		case src.Secret != nil:
			data, _, _, err := p.secretFiles(pod.Namespace, src.Secret.Name, src.Secret.Optional, nil, nil)
			if err != nil {
				return err
			}
			if err := add(data, src.Secret.Items); err != nil {
				return err
			}
		case src.DownwardAPI != nil:
			data, err := downwardFiles(pod, src.DownwardAPI.Items)
			if err != nil {
				return err
			}
			for k, c := range data {
				files[k] = fileSpec{c, mode}
			}
		case src.ServiceAccountToken != nil:
			token, err := p.serviceAccountToken(ctx, pod, src.ServiceAccountToken)
			if err != nil {
				return err
			}
			files[src.ServiceAccountToken.Path] = fileSpec{[]byte(token), mode}
		case src.ClusterTrustBundle != nil, src.PodCertificate != nil:
			return fmt.Errorf("projected source not supported by the process node")
		}
	}
	return writeTree(dir, files, fsGroup)
}

func (p *Provider) serviceAccountToken(ctx context.Context, pod *corev1.Pod, src *corev1.ServiceAccountTokenProjection) (string, error) {
	seconds := int64(3600)
	if src.ExpirationSeconds != nil {
		seconds = *src.ExpirationSeconds
	}
	var audiences []string
	if src.Audience != "" {
		audiences = []string{src.Audience}
	}
	sa := pod.Spec.ServiceAccountName
	if sa == "" {
		sa = "default"
	}
	req := &authv1.TokenRequest{Spec: authv1.TokenRequestSpec{
		Audiences: audiences, ExpirationSeconds: &seconds,
		BoundObjectRef: &authv1.BoundObjectReference{Kind: "Pod", APIVersion: "v1", Name: pod.Name, UID: pod.UID},
	}}
	tr, err := p.client.CoreV1().ServiceAccounts(pod.Namespace).CreateToken(ctx, sa, req, metav1.CreateOptions{})
	if err != nil {
		return "", fmt.Errorf("token for ServiceAccount %s/%s: %w", pod.Namespace, sa, err)
	}
	return tr.Status.Token, nil
}

func downwardFiles(pod *corev1.Pod, items []corev1.DownwardAPIVolumeFile) (map[string][]byte, error) {
	out := map[string][]byte{}
	for _, it := range items {
		switch {
		case it.FieldRef != nil:
			v, err := fieldValue(pod, it.FieldRef.FieldPath)
			if err != nil {
				return nil, err
			}
			out[it.Path] = []byte(v)
		case it.ResourceFieldRef != nil:
			v, err := resourceValue(pod, it.ResourceFieldRef)
			if err != nil {
				return nil, err
			}
			out[it.Path] = []byte(v)
		}
	}
	return out, nil
}

func fieldValue(pod *corev1.Pod, path string) (string, error) {
	switch path {
	case "metadata.name":
		return pod.Name, nil
	case "metadata.namespace":
		return pod.Namespace, nil
	case "metadata.uid":
		return string(pod.UID), nil
	case "metadata.labels":
		return formatMap(pod.Labels), nil
	case "metadata.annotations":
		return formatMap(pod.Annotations), nil
	case "spec.nodeName":
		return pod.Spec.NodeName, nil
	case "spec.serviceAccountName":
		return pod.Spec.ServiceAccountName, nil
	}
	return "", fmt.Errorf("downward API field %s is not supported in volumes", path)
}

func resourceValue(pod *corev1.Pod, ref *corev1.ResourceFieldSelector) (string, error) {
	for _, c := range pod.Spec.Containers {
		if c.Name != ref.ContainerName && ref.ContainerName != "" {
			continue
		}
		parts := strings.SplitN(ref.Resource, ".", 2)
		if len(parts) != 2 {
			break
		}
		list := c.Resources.Limits
		if parts[0] == "requests" {
			list = c.Resources.Requests
		}
		q, ok := list[corev1.ResourceName(parts[1])]
		if !ok {
			return "0", nil
		}
		divisor := ref.Divisor
		if divisor.IsZero() {
			return strconv.FormatInt(q.Value(), 10), nil
		}
		return strconv.FormatInt(q.MilliValue()/divisor.MilliValue(), 10), nil
	}
	return "", fmt.Errorf("resource %s of container %q not found", ref.Resource, ref.ContainerName)
}

func formatMap(m map[string]string) string {
	var lines []string
	for k, v := range m {
		lines = append(lines, fmt.Sprintf("%s=%q", k, v))
	}
	return strings.Join(lines, "\n")
}

// claimDir is the directory of the PersistentVolume bound to a claim: the volume's data lives
// under the node's state directory, keyed by the PV's name, and survives the pod.
func (p *Provider) claimDir(ctx context.Context, ns, claim string) (string, error) {
	pvc, err := p.client.CoreV1().PersistentVolumeClaims(ns).Get(ctx, claim, metav1.GetOptions{})
	if err != nil {
		return "", fmt.Errorf("claim %s/%s: %w", ns, claim, err)
	}
	if pvc.Spec.VolumeName == "" || pvc.Status.Phase != corev1.ClaimBound {
		return "", fmt.Errorf("claim %s/%s is not bound yet", ns, claim)
	}
	dir := filepath.Join(p.cfg.StateDir, "volumes", pvc.Spec.VolumeName)
	return dir, mkdirMode(dir, 0o755)
}

// applyFSGroup gives a writable volume to the pod's fsGroup as the kubelet does: group ownership,
// group read/write (directories also setgid and searchable). With OnRootMismatch only a root
// that does not already carry them is walked, which keeps e.g. PostgreSQL's 0700 data directory.
func applyFSGroup(dir string, pod *corev1.Pod) error {
	fsGroup := podFSGroup(pod)
	if fsGroup == nil {
		return nil
	}
	gid := int(*fsGroup)
	sc := pod.Spec.SecurityContext
	if sc.FSGroupChangePolicy != nil && *sc.FSGroupChangePolicy == corev1.FSGroupChangeOnRootMismatch {
		if st, err := os.Stat(dir); err == nil {
			if sys, ok := st.Sys().(*syscall.Stat_t); ok && int(sys.Gid) == gid && st.Mode()&os.ModeSetgid != 0 && st.Mode().Perm()&0o770 == 0o770 {
				return nil
			}
		}
	}
	return filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if info.Mode()&os.ModeSymlink != 0 {
			return nil
		}
		if err := os.Lchown(path, -1, gid); err != nil {
			return err
		}
		mode := info.Mode().Perm() | 0o660
		if info.IsDir() {
			mode |= 0o110 | os.ModeSetgid
		}
		return os.Chmod(path, mode)
	})
}

func podFSGroup(pod *corev1.Pod) *int64 {
	if pod.Spec.SecurityContext != nil {
		return pod.Spec.SecurityContext.FSGroup
	}
	return nil
}

func mkdirMode(dir string, mode os.FileMode) error {
	if err := os.MkdirAll(dir, mode); err != nil {
		return err
	}
	return os.Chmod(dir, mode)
}
