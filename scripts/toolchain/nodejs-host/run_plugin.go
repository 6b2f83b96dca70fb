// RunPlugin for the pulumi-language-nodejs host that the toolchain builds.
//
// The Go module proxy serves the Node.js language host only as it was inside sdk/v3 (3.68), whose
// RunPlugin answers "not supported". Engines since then start Node.js policy packs (and other
// plugins written in Node) through RunPlugin, so build.sh replaces that stub with this file. It
// does what current hosts do: run @pulumi/pulumi's cmd/run-plugin from the plugin's directory with
// Node, and stream its output back to the engine.
package main

import (
	"os"
	"os/exec"
	"strings"
	"sync"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/encoding/protowire"
)

// programDirectory reads RunPluginRequest.info.program_directory (fields 5 and 2). Newer engines
// send it; this host's generated code predates the field and keeps it among the unknown bytes.
func programDirectory(req *pulumirpc.RunPluginRequest) string {
	if info := bytesField(req.ProtoReflect().GetUnknown(), 5); info != nil {
		if dir := bytesField(info, 2); len(dir) > 0 {
			return string(dir)
		}
	}
	return req.Program
}

// bytesField returns the first length-delimited field numbered want in an encoded message.
func bytesField(b []byte, want protowire.Number) []byte {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return nil
		}
		b = b[n:]
		if typ == protowire.BytesType {
			value, m := protowire.ConsumeBytes(b)
			if m < 0 {
				return nil
			}
			if num == want {
				return value
			}
			b = b[m:]
			continue
		}
		m := protowire.ConsumeFieldValue(num, typ, b)
		if m < 0 {
			return nil
		}
		b = b[m:]
	}
	return nil
}

// streamWriter forwards a process's output to the engine as RunPlugin responses.
type streamWriter struct {
	mu   *sync.Mutex
	send func([]byte) error
}

func (w streamWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.send(append([]byte(nil), p...)); err != nil {
		return 0, err
	}
	return len(p), nil
}

func (host *nodeLanguageHost) RunPlugin(
	req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer,
) error {
	dir := programDirectory(req)
	node, err := exec.LookPath("node")
	if err != nil {
		return err
	}
	// The plugin's own @pulumi/pulumi, found from its directory upwards as Node would.
	resolve := exec.Command(node, "-p", `require.resolve("@pulumi/pulumi/cmd/run-plugin", { paths: [process.argv[1]] })`, dir)
	out, err := resolve.Output()
	if err != nil {
		return err
	}
	runPath := strings.TrimSpace(string(out))

	env := req.Env
	if len(env) == 0 {
		env = os.Environ()
	}
	// Policy packs and plugins are TypeScript unless compiled: let run-plugin register ts-node.
	env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")

	var mu sync.Mutex
	cmd := exec.Command(node, append([]string{runPath, dir}, req.Args...)...)
	// The plugin runs from its own directory: run-plugin reads the package.json there, and a Node.js
	// policy pack may be applied to a program in any language, whose directory has none.
	cmd.Dir = dir
	cmd.Env = env
	cmd.Stdout = streamWriter{&mu, func(b []byte) error {
		return server.Send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stdout{Stdout: b}})
	}}
	cmd.Stderr = streamWriter{&mu, func(b []byte) error {
		return server.Send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stderr{Stderr: b}})
	}}
	code := 0
	if err := cmd.Run(); err != nil {
		exit, ok := err.(*exec.ExitError)
		if !ok {
			return err
		}
		code = exit.ExitCode()
	}
	mu.Lock()
	defer mu.Unlock()
	return server.Send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Exitcode{Exitcode: int32(code)}})
}
