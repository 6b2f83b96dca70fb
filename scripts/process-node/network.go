package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Network gives each pod a network namespace with one address from the node's pod CIDR, on the
// node's bridge, through the upstream CNI plugins called as a container runtime calls them.
type Network struct {
	cfg     Config
	netconf []byte
	gateway string
}

func NewNetwork(cfg Config) (*Network, error) {
	_, subnet, err := net.ParseCIDR(cfg.PodCIDR)
	if err != nil {
		return nil, fmt.Errorf("--pod-cidr %q: %w", cfg.PodCIDR, err)
	}
	gw := make(net.IP, len(subnet.IP.To4()))
	copy(gw, subnet.IP.To4())
	gw[3]++
	// Pods get routes to the cluster's pods and Services only, never a default route: a pod
	// can reach nothing outside this machine's own namespaces.
	conf := map[string]any{
		"cniVersion":  "1.0.0",
		"name":        "lakehouse-process-node",
		"type":        "bridge",
		"bridge":      cfg.Bridge,
		"isGateway":   true,
		"ipMasq":      false,
		"hairpinMode": true,
		"ipam": map[string]any{
			"type":    "host-local",
			"ranges":  [][]map[string]string{{{"subnet": subnet.String(), "gateway": gw.String()}}},
			"routes":  []map[string]string{{"dst": cfg.ClusterCIDR}, {"dst": cfg.ServiceCIDR}},
			"dataDir": filepath.Join(cfg.StateDir, "ipam"),
		},
	}
	raw, _ := json.Marshal(conf)
	return &Network{cfg: cfg, netconf: raw, gateway: gw.String()}, nil
}

func netnsName(podUID string) string { return "lhpod-" + strings.ReplaceAll(podUID, "-", "")[:16] }

func netnsPath(name string) string { return "/run/netns/" + name }

// Attach creates the pod's namespace and returns its address.
func (n *Network) Attach(ctx context.Context, podUID string) (string, error) {
	name := netnsName(podUID)
	if _, err := os.Stat(netnsPath(name)); err != nil {
		if out, err := exec.CommandContext(ctx, "ip", "netns", "add", name).CombinedOutput(); err != nil {
			return "", fmt.Errorf("ip netns add %s: %v: %s", name, err, out)
		}
	}
	if out, err := exec.CommandContext(ctx, "ip", "-n", name, "link", "set", "lo", "up").CombinedOutput(); err != nil {
		return "", fmt.Errorf("loopback up in %s: %v: %s", name, err, out)
	}
	out, err := n.cni(ctx, "ADD", podUID, name)
	if err != nil {
		return "", err
	}
	var result struct {
		IPs []struct {
			Address string `json:"address"`
		} `json:"ips"`
	}
	if err := json.Unmarshal(out, &result); err != nil || len(result.IPs) == 0 {
		return "", fmt.Errorf("CNI ADD gave no address: %s", out)
	}
	ip, _, err := net.ParseCIDR(result.IPs[0].Address)
	if err != nil {
		return "", err
	}
	return ip.String(), nil
}

// Detach releases the address and removes the namespace; safe to call more than once.
func (n *Network) Detach(ctx context.Context, podUID string) error {
	name := netnsName(podUID)
	var errs []string
	if _, err := n.cni(ctx, "DEL", podUID, name); err != nil {
		errs = append(errs, err.Error())
	}
	if _, err := os.Stat(netnsPath(name)); err == nil {
		if out, err := exec.CommandContext(ctx, "ip", "netns", "delete", name).CombinedOutput(); err != nil {
			errs = append(errs, fmt.Sprintf("ip netns delete %s: %v: %s", name, err, out))
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s", strings.Join(errs, "; "))
	}
	return nil
}

func (n *Network) cni(ctx context.Context, command, podUID, name string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, filepath.Join(n.cfg.CNIBin, "bridge"))
	cmd.Env = []string{
		"CNI_COMMAND=" + command, "CNI_CONTAINERID=" + podUID, "CNI_NETNS=" + netnsPath(name),
		"CNI_IFNAME=eth0", "CNI_PATH=" + n.cfg.CNIBin, "PATH=/usr/sbin:/usr/bin:/sbin:/bin",
	}
	if command == "DEL" {
		if _, err := os.Stat(netnsPath(name)); err != nil {
			cmd.Env[2] = "CNI_NETNS="
		}
	}
	cmd.Stdin = bytes.NewReader(n.netconf)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("CNI %s for pod %s: %v: %s %s", command, podUID, err, stdout.String(), stderr.String())
	}
	return stdout.Bytes(), nil
}
