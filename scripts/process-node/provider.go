package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/virtual-kubelet/virtual-kubelet/errdefs"
	"github.com/virtual-kubelet/virtual-kubelet/log"
	"github.com/virtual-kubelet/virtual-kubelet/node/nodeutil"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	corev1listers "k8s.io/client-go/listers/core/v1"
)

// Provider is the virtual-kubelet PodLifecycleHandler whose pods are process trees.
type Provider struct {
	ctx         context.Context
	cfg         Config
	client      kubernetes.Interface
	configMaps  corev1listers.ConfigMapLister
	secrets     corev1listers.SecretLister
	images      ImageTable
	network     *Network
	mountpoints *mountpointLog

	mu     sync.Mutex
	pods   map[string]*podRuntime // namespace/name
	notify func(*corev1.Pod)
}

func NewProvider(ctx context.Context, cfg Config, client kubernetes.Interface, pc nodeutil.ProviderConfig, images ImageTable, network *Network) (*Provider, error) {
	memDir := filepath.Join(cfg.StateDir, "pods")
	if err := os.MkdirAll(memDir, 0o700); err != nil {
		return nil, err
	}
	// Secret and ConfigMap files live in memory, as a kubelet keeps them (tmpfs).
	if !isMountpoint(memDir) {
		if err := syscall.Mount("tmpfs", memDir, "tmpfs", 0, "mode=0700,size=256m"); err != nil {
			return nil, fmt.Errorf("tmpfs for pod secrets at %s: %w", memDir, err)
		}
	}
	mp, err := openMountpointLog(filepath.Join(cfg.StateDir, "mountpoints.list"))
	if err != nil {
		return nil, err
	}
	p := &Provider{
		ctx: ctx, cfg: cfg, client: client, configMaps: pc.ConfigMaps, secrets: pc.Secrets,
		images: images, network: network, mountpoints: mp, pods: map[string]*podRuntime{},
	}
	go p.refreshVolumes(ctx)
	return p, nil
}

func key(ns, name string) string { return ns + "/" + name }

// CreatePod starts the pod in the background. A pod with an image the table lacks stays Pending,
// its containers waiting with the reason, and an event names the image: what a kubelet does
// for an image it can't pull, whatever the pod's restartPolicy.
func (p *Provider) CreatePod(ctx context.Context, pod *corev1.Pod) error {
	images := map[string]Image{}
	var missing []string
	for _, c := range append(append([]corev1.Container{}, pod.Spec.InitContainers...), pod.Spec.Containers...) {
		img, err := p.images.Lookup(c.Image)
		if err != nil {
			missing = append(missing, fmt.Sprintf("container %s: %v", c.Name, err))
		}
		images[c.Name] = img
	}
	rt := newPodRuntime(p, pod.DeepCopy(), images)
	p.mu.Lock()
	old, ok := p.pods[key(pod.Namespace, pod.Name)]
	if ok && old.pod.UID == pod.UID && !old.isTerminating() {
		p.mu.Unlock()
		return nil
	}
	p.pods[key(pod.Namespace, pod.Name)] = rt
	p.mu.Unlock()
	if ok && old.pod.UID != pod.UID {
		// An earlier pod of this name whose deletion this node never saw: it must not run on.
		go old.terminate(30 * time.Second)
	}
	if len(missing) > 0 {
		message := strings.Join(missing, "; ")
		p.event(pod, corev1.EventTypeWarning, "Failed", message)
		rt.setWaiting("ImageHasNoLocalEquivalent", message)
		return nil
	}
	go rt.run()
	return nil
}

// running finds this very pod (same UID, not merely the same name) among the node's pods.
func (p *Provider) running(pod *corev1.Pod) (*podRuntime, bool) {
	p.mu.Lock()
	rt, ok := p.pods[key(pod.Namespace, pod.Name)]
	p.mu.Unlock()
	return rt, ok && rt.pod.UID == pod.UID
}

// UpdatePod takes the fields a pod may change (labels, annotations, images are refused by the
// API for running pods here); nothing to restart.
func (p *Provider) UpdatePod(ctx context.Context, pod *corev1.Pod) error {
	rt, ok := p.running(pod)
	if !ok {
		// A new pod under a name still held by one being stopped (a StatefulSet's member).
		return p.CreatePod(ctx, pod)
	}
	rt.mu.Lock()
	rt.pod.Labels, rt.pod.Annotations = pod.Labels, pod.Annotations
	rt.mu.Unlock()
	return nil
}

// DeletePod runs preStop hooks, sends SIGTERM, and SIGKILL after the grace period; the terminal
// status is reported when every process has exited.
func (p *Provider) DeletePod(ctx context.Context, pod *corev1.Pod) error {
	rt, ok := p.running(pod)
	if !ok {
		return errdefs.NotFoundf("pod %s/%s (uid %s) is not on this node", pod.Namespace, pod.Name, pod.UID)
	}
	grace := int64(30)
	if pod.DeletionGracePeriodSeconds != nil {
		grace = *pod.DeletionGracePeriodSeconds
	} else if pod.Spec.TerminationGracePeriodSeconds != nil {
		grace = *pod.Spec.TerminationGracePeriodSeconds
	}
	go func() {
		rt.terminate(time.Duration(grace) * time.Second)
		p.mu.Lock()
		if p.pods[key(pod.Namespace, pod.Name)] == rt {
			delete(p.pods, key(pod.Namespace, pod.Name))
		}
		p.mu.Unlock()
		p.removeFromAPI(pod)
	}()
	return nil
}

// removeFromAPI finishes a deletion once every process has exited, as the kubelet does: the pod
// object goes at once (grace 0, this pod's UID only) rather than when its grace period ends, so a
// StatefulSet's member or a Deployment's replacement does not wait out the full grace period.
func (p *Provider) removeFromAPI(pod *corev1.Pod) {
	zero := int64(0)
	err := p.client.CoreV1().Pods(pod.Namespace).Delete(p.ctx, pod.Name, metav1.DeleteOptions{
		GracePeriodSeconds: &zero, Preconditions: &metav1.Preconditions{UID: &pod.UID},
	})
	if err != nil && !apierrors.IsNotFound(err) && !apierrors.IsConflict(err) {
		log.G(p.ctx).WithError(err).Warnf("could not remove pod %s/%s after it stopped", pod.Namespace, pod.Name)
	}
}

// GetPod does not return a pod that is being stopped: virtual-kubelet must see a new pod of the
// same name (a StatefulSet recreates its member as soon as the old one is gone from the API) as
// one to create, not as an update of the old one.
func (p *Provider) GetPod(ctx context.Context, namespace, name string) (*corev1.Pod, error) {
	p.mu.Lock()
	rt, ok := p.pods[key(namespace, name)]
	p.mu.Unlock()
	if !ok || rt.isTerminating() {
		return nil, errdefs.NotFoundf("pod %s/%s is not on this node", namespace, name)
	}
	return rt.snapshot(), nil
}

func (p *Provider) GetPodStatus(ctx context.Context, namespace, name string) (*corev1.PodStatus, error) {
	pod, err := p.GetPod(ctx, namespace, name)
	if err != nil {
		return nil, err
	}
	return &pod.Status, nil
}

func (p *Provider) GetPods(ctx context.Context) ([]*corev1.Pod, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]*corev1.Pod, 0, len(p.pods))
	for _, rt := range p.pods {
		out = append(out, rt.snapshot())
	}
	return out, nil
}

// NotifyPods registers the callback through which every status change reaches the API.
func (p *Provider) NotifyPods(ctx context.Context, cb func(*corev1.Pod)) {
	p.mu.Lock()
	p.notify = cb
	p.mu.Unlock()
}

func (p *Provider) publish(pod *corev1.Pod) {
	p.mu.Lock()
	cb := p.notify
	p.mu.Unlock()
	if cb != nil {
		cb(pod)
	}
}

// Shutdown stops every pod (the node is going away): SIGTERM, then SIGKILL after 10 s.
func (p *Provider) Shutdown() {
	if p == nil {
		return
	}
	p.mu.Lock()
	pods := make([]*podRuntime, 0, len(p.pods))
	for _, rt := range p.pods {
		pods = append(pods, rt)
	}
	p.mu.Unlock()
	var wg sync.WaitGroup
	for _, rt := range pods {
		wg.Add(1)
		go func(rt *podRuntime) { defer wg.Done(); rt.terminate(10 * time.Second) }(rt)
	}
	wg.Wait()
	log.G(context.Background()).Infof("stopped %d pods", len(pods))
}

func (p *Provider) event(pod *corev1.Pod, kind, reason, message string) {
	ev := &corev1.Event{
		ObjectMeta:     metav1.ObjectMeta{GenerateName: pod.Name + ".", Namespace: pod.Namespace},
		InvolvedObject: corev1.ObjectReference{Kind: "Pod", Namespace: pod.Namespace, Name: pod.Name, UID: pod.UID, APIVersion: "v1"},
		Reason:         reason, Message: message, Type: kind,
		Source:         corev1.EventSource{Component: "process-node", Host: p.cfg.NodeName},
		FirstTimestamp: metav1.Now(), LastTimestamp: metav1.Now(), Count: 1,
	}
	if _, err := p.client.CoreV1().Events(pod.Namespace).Create(p.ctx, ev, metav1.CreateOptions{}); err != nil {
		log.G(p.ctx).WithError(err).Warn("could not record event")
	}
}

func isMountpoint(dir string) bool {
	var a, b syscall.Stat_t
	if syscall.Stat(dir, &a) != nil || syscall.Stat(filepath.Dir(dir), &b) != nil {
		return false
	}
	return a.Dev != b.Dev
}
