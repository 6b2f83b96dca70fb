package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"sigs.k8s.io/yaml"
)

// ImageUser is the account an image's Dockerfile creates: processes that run as its uid find it
// in /etc/passwd, as servers such as initdb require.
type ImageUser struct {
	Name string `json:"name"`
	UID  int64  `json:"uid"`
	GID  int64  `json:"gid"`
	Home string `json:"home"`
}

// ImageMount lays a local directory or file where the image has it.
type ImageMount struct {
	Source string `json:"source"`
	Target string `json:"target"`
}

// Image is one row of the table: what runs in place of an image, and why that is faithful.
type Image struct {
	Runs       string            `json:"runs"`
	Why        string            `json:"why"`
	User       *ImageUser        `json:"user,omitempty"`
	Env        map[string]string `json:"env,omitempty"`
	Mounts     []ImageMount      `json:"mounts,omitempty"`
	Entrypoint []string          `json:"entrypoint,omitempty"`
	Cmd        []string          `json:"cmd,omitempty"`
	WorkingDir string            `json:"workingDir,omitempty"`
	// EmptyDirs are directories the image ships empty and owned by its user (a distroless
	// image's home, its WORKDIR): each container gets a fresh one of its own, writable by it.
	EmptyDirs []string `json:"emptyDirs,omitempty"`
}

// ImageTable maps an image reference (as pinned, registry included) to its local equivalent.
type ImageTable map[string]Image

type tableFile struct {
	Images ImageTable `json:"images"`
}

// LoadImageTable reads images.yaml and resolves its @cache/ and @repo/ mount sources.
func LoadImageTable(path, toolchainDir, repoDir string) (ImageTable, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f tableFile
	if err := yaml.UnmarshalStrict(raw, &f); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(f.Images) == 0 {
		return nil, fmt.Errorf("%s: no images", path)
	}
	table := ImageTable{}
	for ref, img := range f.Images {
		if img.Runs == "" || img.Why == "" {
			return nil, fmt.Errorf("%s: image %s needs both runs and why", path, ref)
		}
		for i, m := range img.Mounts {
			switch {
			case strings.HasPrefix(m.Source, "@cache/"):
				img.Mounts[i].Source = filepath.Join(toolchainDir, strings.TrimPrefix(m.Source, "@cache/"))
			case strings.HasPrefix(m.Source, "@repo/"):
				img.Mounts[i].Source = filepath.Join(repoDir, strings.TrimPrefix(m.Source, "@repo/"))
			case !filepath.IsAbs(m.Source):
				return nil, fmt.Errorf("%s: image %s mount source %q must be absolute, @cache/ or @repo/", path, ref, m.Source)
			}
			if !filepath.IsAbs(m.Target) {
				return nil, fmt.Errorf("%s: image %s mount target %q must be absolute", path, ref, m.Target)
			}
		}
		for _, d := range img.EmptyDirs {
			if !filepath.IsAbs(d) || img.User == nil {
				return nil, fmt.Errorf("%s: image %s emptyDir %q must be absolute, and the image needs a user to own it", path, ref, d)
			}
		}
		table[normalizeImage(ref)] = img
	}
	return table, nil
}

// Lookup finds an image's local equivalent. The tag must match: another tag means other
// software than the table vouches for.
func (t ImageTable) Lookup(ref string) (Image, error) {
	if img, ok := t[normalizeImage(ref)]; ok {
		return img, t.checkSources(ref, img)
	}
	known := make([]string, 0, len(t))
	for k := range t {
		known = append(known, k)
	}
	sort.Strings(known)
	return Image{}, fmt.Errorf("image %s has no local equivalent on the process node (its table runs: %s)", ref, strings.Join(known, ", "))
}

func (t ImageTable) checkSources(ref string, img Image) error {
	for _, m := range img.Mounts {
		if _, err := os.Stat(m.Source); err != nil {
			return fmt.Errorf("image %s: its local equivalent is not built (%s is missing): run scripts/toolchain/servers.sh", ref, m.Source)
		}
	}
	return nil
}

// normalizeImage gives docker.io/library/postgres:17.6, library/postgres:17.6 and postgres:17.6 one key.
func normalizeImage(ref string) string {
	name := ref
	first := strings.SplitN(name, "/", 2)
	if len(first) == 1 || (!strings.ContainsAny(first[0], ".:") && first[0] != "localhost") {
		name = "docker.io/" + name
	}
	if strings.HasPrefix(name, "docker.io/") && strings.Count(name, "/") == 1 {
		name = "docker.io/library/" + strings.TrimPrefix(name, "docker.io/")
	}
	return name
}

func repoDirOf(imagesFile string) string {
	abs, err := filepath.Abs(filepath.Dir(imagesFile))
	if err != nil {
		return filepath.Dir(imagesFile)
	}
	return abs
}
