package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestNormalizeImageGivesOneKeyPerImage(t *testing.T) {
	for in, want := range map[string]string{
		"postgres:17.6":                     "docker.io/library/postgres:17.6",
		"library/postgres:17.6":             "docker.io/library/postgres:17.6",
		"docker.io/library/postgres:17.6":   "docker.io/library/postgres:17.6",
		"trinodb/trino:476":                 "docker.io/trinodb/trino:476",
		"ghcr.io/projectnessie/nessie:0.1":  "ghcr.io/projectnessie/nessie:0.1",
		"localhost/mine:1":                  "localhost/mine:1",
		"mirror.acme:5000/hub/library/pg:1": "mirror.acme:5000/hub/library/pg:1",
	} {
		if got := normalizeImage(in); got != want {
			t.Errorf("normalizeImage(%q) = %q, want %q", in, got, want)
		}
	}
}

func writeTable(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "images.yaml")
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadImageTableResolvesCacheAndRepoSources(t *testing.T) {
	path := writeTable(t, `images:
  postgres:17.6:
    runs: PostgreSQL 15
    why: nearest packaged release
    mounts:
      - {source: "@cache/pg/bin", target: /usr/lib/postgresql/bin}
      - {source: "@repo/images/entry.sh", target: /entry.sh}
      - {source: /usr/bin/true, target: /bin/true}
`)
	table, err := LoadImageTable(path, "/cache", "/repo")
	if err != nil {
		t.Fatal(err)
	}
	got := table["docker.io/library/postgres:17.6"].Mounts
	want := []string{"/cache/pg/bin", "/repo/images/entry.sh", "/usr/bin/true"}
	for i, m := range got {
		if m.Source != want[i] {
			t.Errorf("mount %d source = %q, want %q", i, m.Source, want[i])
		}
	}
}

func TestLoadImageTableRefusesIncompleteRows(t *testing.T) {
	for name, body := range map[string]string{
		"no why":            "images:\n  a:1:\n    runs: x\n",
		"relative source":   "images:\n  a:1:\n    runs: x\n    why: y\n    mounts: [{source: bin/x, target: /x}]\n",
		"relative target":   "images:\n  a:1:\n    runs: x\n    why: y\n    mounts: [{source: /x, target: x}]\n",
		"unknown field":     "images:\n  a:1:\n    runs: x\n    why: y\n    entrypiont: [x]\n",
		"empty table":       "images: {}\n",
		"emptyDir, no user": "images:\n  a:1:\n    runs: x\n    why: y\n    emptyDirs: [/home/nonroot]\n",
		"relative emptyDir": "images:\n  a:1:\n    runs: x\n    why: y\n    user: {name: n, uid: 1, gid: 1, home: /h}\n    emptyDirs: [h]\n",
	} {
		if _, err := LoadImageTable(writeTable(t, body), "/cache", "/repo"); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestLookupNeedsTheSameTagAndABuiltSource(t *testing.T) {
	dir := t.TempDir()
	table := ImageTable{
		"docker.io/library/postgres:17.6": {Runs: "x", Why: "y"},
		"docker.io/trinodb/trino:476":     {Runs: "x", Why: "y", Mounts: []ImageMount{{Source: filepath.Join(dir, "missing"), Target: "/usr/lib/trino"}}},
	}
	if _, err := table.Lookup("postgres:17.6"); err != nil {
		t.Errorf("postgres:17.6: %v", err)
	}
	_, err := table.Lookup("postgres:17.5")
	if err == nil || !strings.Contains(err.Error(), "postgres:17.5 has no local equivalent") {
		t.Errorf("another tag: err = %v", err)
	}
	if _, err := table.Lookup("trinodb/trino:476"); err == nil || !strings.Contains(err.Error(), "not built") {
		t.Errorf("unbuilt source: err = %v", err)
	}
}
