// Command process-node is a Kubernetes node whose pods run as ordinary Linux processes.
//
// It registers a Node (and keeps its Lease) through virtual-kubelet, takes the pods bound to it,
// and runs each container's local equivalent (images.yaml) in the pod's own network namespace
// (CNI bridge + host-local) and its own mount namespace, with the pod's volumes bound at their
// mountPaths, as the pod's runAsUser/runAsGroup/fsGroup. Probes, restarts, Job exit codes and
// `kubectl logs` behave as a kubelet's do. See docs/process-node.md.
package main

import (
	"context"
	"crypto/tls"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"syscall"

	"github.com/sirupsen/logrus"
	"github.com/virtual-kubelet/virtual-kubelet/log"
	logruslogger "github.com/virtual-kubelet/virtual-kubelet/log/logrus"
	"github.com/virtual-kubelet/virtual-kubelet/node"
	"github.com/virtual-kubelet/virtual-kubelet/node/nodeutil"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
)

func main() {
	var cfg Config
	flag.StringVar(&cfg.Kubeconfig, "kubeconfig", "", "kubeconfig of the node's identity")
	flag.StringVar(&cfg.NodeName, "node-name", "lakehouse-process-1", "name of the Node object")
	flag.StringVar(&cfg.PodCIDR, "pod-cidr", "10.244.100.0/24", "the node's pod CIDR (the bridge's subnet)")
	flag.StringVar(&cfg.ClusterCIDR, "cluster-cidr", "10.244.0.0/16", "every pod address in the cluster: routed by the pods through the bridge")
	flag.StringVar(&cfg.ServiceCIDR, "service-cidr", "10.96.0.0/16", "Service cluster IPs: routed by the pods through the bridge")
	flag.StringVar(&cfg.Bridge, "bridge", "lh0", "the Linux bridge pods attach to")
	flag.StringVar(&cfg.DNSServer, "dns", "", "nameserver the pods use (the cluster DNS)")
	flag.StringVar(&cfg.ClusterDomain, "cluster-domain", "cluster.local", "the cluster's DNS domain")
	flag.StringVar(&cfg.CNIBin, "cni-bin", "", "directory of the CNI plugin binaries (bridge, host-local, loopback)")
	flag.StringVar(&cfg.StateDir, "state-dir", "", "where pods' volumes, logs and persistent volumes live")
	flag.StringVar(&cfg.ImagesFile, "images", "", "the image-to-local-command table (images.yaml)")
	flag.StringVar(&cfg.ToolchainDir, "toolchain", "", "the toolchain cache that @cache/ paths in the table name")
	flag.StringVar(&cfg.ListenAddr, "listen", "127.0.0.1:26251", "the kubelet API (logs) listen address")
	flag.StringVar(&cfg.TLSCert, "tls-cert", "", "serving certificate of the kubelet API")
	flag.StringVar(&cfg.TLSKey, "tls-key", "", "serving key of the kubelet API")
	flag.StringVar(&cfg.APIServerListen, "apiserver-listen", "", "where pods reach the API server (the bridge's gateway, the `kubernetes` Service's endpoint); empty: not at all")
	flag.StringVar(&cfg.CPU, "capacity-cpu", "8", "CPU the node reports (nominal: requests are not enforced)")
	flag.StringVar(&cfg.Memory, "capacity-memory", "24Gi", "memory the node reports (nominal: limits are not enforced)")
	flag.Parse()
	if err := run(cfg); err != nil {
		fmt.Fprintln(os.Stderr, "process-node:", err)
		os.Exit(1)
	}
}

// Config is what the node needs to know about its cluster and its machine.
type Config struct {
	Kubeconfig, NodeName, PodCIDR, ClusterCIDR, ServiceCIDR, Bridge, DNSServer, ClusterDomain string
	CNIBin, StateDir, ImagesFile, ToolchainDir, ListenAddr, TLSCert, TLSKey, CPU, Memory      string
	APIServerListen                                                                           string
}

func run(cfg Config) error {
	for flagName, v := range map[string]string{"kubeconfig": cfg.Kubeconfig, "dns": cfg.DNSServer, "cni-bin": cfg.CNIBin, "state-dir": cfg.StateDir, "images": cfg.ImagesFile, "toolchain": cfg.ToolchainDir, "tls-cert": cfg.TLSCert, "tls-key": cfg.TLSKey} {
		if v == "" {
			return fmt.Errorf("--%s is required", flagName)
		}
	}
	logger := logrus.StandardLogger()
	logger.SetLevel(logrus.InfoLevel)
	log.L = logruslogger.FromLogrus(logrus.NewEntry(logger))
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	images, err := LoadImageTable(cfg.ImagesFile, cfg.ToolchainDir, repoDirOf(cfg.ImagesFile))
	if err != nil {
		return err
	}
	restConfig, err := clientcmd.BuildConfigFromFlags("", cfg.Kubeconfig)
	if err != nil {
		return fmt.Errorf("kubeconfig %s: %w", cfg.Kubeconfig, err)
	}
	client, err := kubernetes.NewForConfig(restConfig)
	if err != nil {
		return err
	}
	if cfg.APIServerListen != "" {
		if err := forwardAPIServer(ctx, cfg.APIServerListen, restConfig.Host); err != nil {
			return err
		}
	}
	network, err := NewNetwork(cfg)
	if err != nil {
		return err
	}
	cert, err := tls.LoadX509KeyPair(cfg.TLSCert, cfg.TLSKey)
	if err != nil {
		return fmt.Errorf("kubelet serving certificate: %w", err)
	}

	var provider *Provider
	mux := http.NewServeMux()
	n, err := nodeutil.NewNode(cfg.NodeName,
		func(pc nodeutil.ProviderConfig) (nodeutil.Provider, node.NodeProvider, error) {
			describeNode(pc.Node, cfg)
			provider, err = NewProvider(ctx, cfg, client, pc, images, network)
			return provider, nil, err
		},
		nodeutil.WithClient(client),
		nodeutil.AttachProviderRoutes(mux),
		func(c *nodeutil.NodeConfig) error {
			c.HTTPListenAddr = cfg.ListenAddr
			c.Handler = mux
			c.NumWorkers = runtime.NumCPU() * 2
			c.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
			return nil
		},
	)
	if err != nil {
		return err
	}
	go func() {
		<-ctx.Done()
		log.G(context.Background()).Info("stopping: terminating every pod")
	}()
	err = n.Run(ctx)
	provider.Shutdown()
	if ctx.Err() != nil {
		return nil
	}
	return err
}

// describeNode fills in what the scheduler and the apiserver read: labels, pod CIDR, capacity,
// and the kubelet endpoint the apiserver dials for `kubectl logs` (loopback only).
func describeNode(n *corev1.Node, cfg Config) {
	n.Labels["type"] = "process"
	n.Labels["kubernetes.io/os"] = "linux"
	n.Labels["kubernetes.io/arch"] = runtime.GOARCH
	n.Labels["node.kubernetes.io/instance-type"] = "process"
	n.Labels["topology.kubernetes.io/region"] = "local"
	n.Labels["topology.kubernetes.io/zone"] = "local-a"
	delete(n.Labels, "kubernetes.io/role")
	n.Spec.PodCIDR = cfg.PodCIDR
	n.Spec.PodCIDRs = []string{cfg.PodCIDR}
	capacity := corev1.ResourceList{
		corev1.ResourceCPU:              resource.MustParse(cfg.CPU),
		corev1.ResourceMemory:           resource.MustParse(cfg.Memory),
		corev1.ResourcePods:             resource.MustParse("110"),
		corev1.ResourceEphemeralStorage: resource.MustParse("100Gi"),
	}
	n.Status.Capacity = capacity
	n.Status.Allocatable = capacity
	host, port := splitHostPort(cfg.ListenAddr)
	n.Status.Addresses = []corev1.NodeAddress{{Type: corev1.NodeInternalIP, Address: host}, {Type: corev1.NodeHostName, Address: cfg.NodeName}}
	n.Status.DaemonEndpoints.KubeletEndpoint.Port = port
	n.Status.NodeInfo = corev1.NodeSystemInfo{
		Architecture: runtime.GOARCH, OperatingSystem: "linux", KubeletVersion: "v1.34.12-process",
		ContainerRuntimeVersion: "process://0.1.0", KernelVersion: kernelRelease(), OSImage: "lakehouse process node",
	}
}
