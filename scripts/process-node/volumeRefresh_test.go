package main

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// A changed Secret reaches a running pod's volume in place: the directory a container has bound
// stays the same directory, changed keys get their new content, removed keys go.
func TestSyncTreeUpdatesAVolumeInPlace(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "config")
	if err := writeTree(dir, map[string]fileSpec{"prometheus.yaml.gz": {[]byte("v1"), 0o644}, "old.yaml": {[]byte("x"), 0o644}}, nil); err != nil {
		t.Fatal(err)
	}
	before, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]fileSpec{"prometheus.yaml.gz": {[]byte("v2"), 0o640}, "rules/a.yaml": {[]byte("r"), 0o644}}
	if err := syncTree(dir, want, nil); err != nil {
		t.Fatal(err)
	}
	after, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if before.Sys().(*syscall.Stat_t).Ino != after.Sys().(*syscall.Stat_t).Ino {
		t.Error("the volume's directory was replaced; a container's bind mount would keep the old one")
	}
	for rel, f := range want {
		got, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil || string(got) != string(f.content) {
			t.Errorf("%s = %q (%v), want %q", rel, got, err, f.content)
		}
		if st, _ := os.Stat(filepath.Join(dir, rel)); st == nil || st.Mode().Perm() != os.FileMode(f.mode) {
			t.Errorf("%s: mode %v, want %o", rel, st.Mode(), f.mode)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "old.yaml")); !os.IsNotExist(err) {
		t.Errorf("old.yaml is still there (%v)", err)
	}
	if entries, _ := os.ReadDir(filepath.Dir(dir)); len(entries) != 1 {
		t.Errorf("staging left behind: %v", entries)
	}
	// Nothing changed: nothing is rewritten.
	st1, _ := os.Stat(filepath.Join(dir, "prometheus.yaml.gz"))
	if err := syncTree(dir, want, nil); err != nil {
		t.Fatal(err)
	}
	st2, _ := os.Stat(filepath.Join(dir, "prometheus.yaml.gz"))
	if st1.Sys().(*syscall.Stat_t).Ino != st2.Sys().(*syscall.Stat_t).Ino {
		t.Error("an unchanged file was rewritten")
	}
}
