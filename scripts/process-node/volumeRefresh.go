package main

import (
	"bytes"
	"context"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"time"

	corev1 "k8s.io/api/core/v1"
)

// refreshInterval is how often running pods' ConfigMap and Secret volumes catch up with the API,
// as the kubelet's periodic sync does (it takes up to a minute or so; this is quicker).
const refreshInterval = 10 * time.Second

// refreshVolumes keeps every running pod's ConfigMap and Secret volumes equal to their objects,
// as the kubelet does: the Prometheus operator rewrites its configuration Secret whenever a
// ServiceMonitor changes, and the config reloader in the pod picks the new file up. A volume
// mounted by subPath keeps its content, as on a kubelet (the bind holds the old file).
func (p *Provider) refreshVolumes(ctx context.Context) {
	ticker := time.NewTicker(refreshInterval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
		p.mu.Lock()
		pods := make([]*podRuntime, 0, len(p.pods))
		for _, rt := range p.pods {
			pods = append(pods, rt)
		}
		p.mu.Unlock()
		for _, rt := range pods {
			rt.mu.Lock()
			volumes, pod, terminating := rt.volumes, rt.pod, rt.terminating
			rt.mu.Unlock()
			if volumes == nil || terminating {
				continue
			}
			for _, v := range pod.Spec.Volumes {
				if err := p.refreshVolume(pod, v, volumes[v.Name]); err != nil {
					log.Printf("pod %s/%s: refreshing volume %s: %v", pod.Namespace, pod.Name, v.Name, err)
				}
			}
		}
	}
}

func (p *Provider) refreshVolume(pod *corev1.Pod, v corev1.Volume, dir string) error {
	var data map[string][]byte
	var items []corev1.KeyToPath
	var defaultMode *int32
	var err error
	switch {
	case v.ConfigMap != nil:
		data, items, defaultMode, err = p.configMapFiles(pod.Namespace, v.ConfigMap.Name, v.ConfigMap.Optional, v.ConfigMap.Items, v.ConfigMap.DefaultMode)
	case v.Secret != nil:
		data, items, defaultMode, err = p.secretFiles(pod.Namespace, v.Secret.SecretName, v.Secret.Optional, v.Secret.Items, v.Secret.DefaultMode)
	default:
		return nil
	}
	if err != nil || dir == "" {
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
	return syncTree(dir, files, podFSGroup(pod))
}

// syncTree brings dir to exactly files without replacing dir itself (containers hold bind mounts
// of it): a changed file is written beside its old one and renamed over it, so a reader sees the
// old content or the new, never half; files no longer listed are removed.
func syncTree(dir string, files map[string]fileSpec, fsGroup *int64) error {
	changed := map[string]fileSpec{}
	for rel, f := range files {
		old, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil || !bytes.Equal(old, f.content) {
			changed[rel] = f
		}
	}
	var stale []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if _, ok := files[rel]; !ok {
			stale = append(stale, path)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(changed) == 0 && len(stale) == 0 {
		return nil
	}
	staging, err := os.MkdirTemp(filepath.Dir(dir), ".refresh-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(staging)
	if err := writeTree(staging, changed, fsGroup); err != nil {
		return err
	}
	for rel := range changed {
		target := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		if err := os.Rename(filepath.Join(staging, rel), target); err != nil {
			return err
		}
	}
	for _, path := range stale {
		if err := os.Remove(path); err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	return nil
}
