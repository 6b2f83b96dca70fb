package main

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
)

func podWith(policy corev1.RestartPolicy, states ...corev1.ContainerState) *podRuntime {
	rt := &podRuntime{pod: &corev1.Pod{Spec: corev1.PodSpec{RestartPolicy: policy}}, initDone: true}
	for _, s := range states {
		rt.containers = append(rt.containers, &containerRuntime{rt: rt, state: s})
	}
	return rt
}

var (
	running = corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}
	waiting = corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "ContainerCreating"}}
	exited  = func(code int32) corev1.ContainerState {
		return corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: code}}
	}
)

func TestPhaseFollowsTheKubeletsRules(t *testing.T) {
	for name, tc := range map[string]struct {
		rt   *podRuntime
		want corev1.PodPhase
	}{
		"a container not started yet":          {podWith(corev1.RestartPolicyAlways, running, waiting), corev1.PodPending},
		"every container running":              {podWith(corev1.RestartPolicyAlways, running, running), corev1.PodRunning},
		"a service that exited restarts":       {podWith(corev1.RestartPolicyAlways, exited(1)), corev1.PodRunning},
		"a Job's container exited 0":           {podWith(corev1.RestartPolicyNever, exited(0)), corev1.PodSucceeded},
		"a Job's container exited 3":           {podWith(corev1.RestartPolicyNever, exited(3)), corev1.PodFailed},
		"OnFailure retries a failure":          {podWith(corev1.RestartPolicyOnFailure, exited(3)), corev1.PodRunning},
		"OnFailure ends on success":            {podWith(corev1.RestartPolicyOnFailure, exited(0)), corev1.PodSucceeded},
		"one of two Job containers still runs": {podWith(corev1.RestartPolicyNever, exited(0), running), corev1.PodRunning},
	} {
		if got := tc.rt.phase(); got != tc.want {
			t.Errorf("%s: phase = %s, want %s", name, got, tc.want)
		}
	}
	notInitialised := podWith(corev1.RestartPolicyAlways, running)
	notInitialised.initDone = false
	if got := notInitialised.phase(); got != corev1.PodPending {
		t.Errorf("init containers not done: %s", got)
	}
	failed := podWith(corev1.RestartPolicyAlways, running)
	failed.failed = "ImageHasNoLocalEquivalent"
	if got := failed.phase(); got != corev1.PodFailed {
		t.Errorf("a pod that can never run: %s", got)
	}
}
