// The three probes a server gets, from its health checks and one timing table: it has
// `startup` to come up, is Ready while its readiness check passes, and is restarted after
// `liveness` failures. Most servers share SLOW_START; Python servers pass their own.
import type { ProbeAction, ServiceContainer } from "./podSpec";

export interface ProbeTimings {
  /** Per attempt, for all three probes; Kubernetes' 1 s when absent. */
  timeoutSeconds?: number;
  liveness: { periodSeconds: number; failureThreshold?: number };
  readiness: { periodSeconds: number };
  startup: { periodSeconds: number; failureThreshold: number };
}

/** Up to 5 minutes to start (5 s × 60), restarted after a minute of failed checks (10 s × 6), Ready checked every 5 s. */
export const SLOW_START: ProbeTimings = { liveness: { periodSeconds: 10, failureThreshold: 6 }, readiness: { periodSeconds: 5 }, startup: { periodSeconds: 5, failureThreshold: 60 } };

/** `readiness` defaults to the liveness check, `startup` to the liveness check too. */
export function probeTriple(checks: { liveness: ProbeAction; readiness?: ProbeAction; startup?: ProbeAction }, timings: ProbeTimings = SLOW_START): ServiceContainer["probes"] {
  const timeout = timings.timeoutSeconds === undefined ? {} : { timeoutSeconds: timings.timeoutSeconds };
  return {
    liveness: { ...checks.liveness, ...timings.liveness, ...timeout },
    readiness: { ...(checks.readiness ?? checks.liveness), ...timings.readiness, ...timeout },
    startup: { ...(checks.startup ?? checks.liveness), ...timings.startup, ...timeout },
  };
}
