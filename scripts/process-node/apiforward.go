package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/url"
	"sync"

	"github.com/virtual-kubelet/virtual-kubelet/log"
)

// forwardAPIServer makes the API server reachable from pods. The control plane listens on
// loopback, which a pod's network namespace can't reach; pods dial the `kubernetes` Service
// (10.96.0.1:443, from the KUBERNETES_SERVICE_* variables every container gets), whose endpoint
// dataplane-up.sh points at `listen` on the bridge's gateway. This copies bytes both ways: TLS
// and authentication stay end to end between the pod and the API server.
func forwardAPIServer(ctx context.Context, listen, apiServerURL string) error {
	u, err := url.Parse(apiServerURL)
	if err != nil || u.Host == "" {
		return fmt.Errorf("API server address %q: not a URL with a host", apiServerURL)
	}
	target := u.Host
	if u.Port() == "" {
		target = net.JoinHostPort(u.Hostname(), "443")
	}
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", listen)
	if err != nil {
		return fmt.Errorf("API server forwarder on %s: %w", listen, err)
	}
	go func() {
		<-ctx.Done()
		ln.Close()
	}()
	go func() {
		for {
			client, err := ln.Accept()
			if err != nil {
				if ctx.Err() == nil {
					log.G(ctx).WithError(err).Error("API server forwarder stopped accepting")
				}
				return
			}
			go splice(ctx, client, target)
		}
	}()
	log.G(ctx).Infof("API server forwarder: %s -> %s", listen, target)
	return nil
}

func splice(ctx context.Context, client net.Conn, target string) {
	defer client.Close()
	upstream, err := (&net.Dialer{}).DialContext(ctx, "tcp", target)
	if err != nil {
		log.G(ctx).WithError(err).Warnf("API server forwarder: dial %s", target)
		return
	}
	defer upstream.Close()
	var wg sync.WaitGroup
	wg.Add(2)
	pipe := func(dst, src net.Conn) {
		defer wg.Done()
		_, _ = io.Copy(dst, src)
		// Half-close so the other side sees EOF, as the peer intended.
		if tcp, ok := dst.(*net.TCPConn); ok {
			_ = tcp.CloseWrite()
		}
	}
	go pipe(upstream, client)
	go pipe(client, upstream)
	wg.Wait()
}
