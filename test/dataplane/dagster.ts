// Dagster's GraphQL API as its UI uses it: launch a job of a code location, wait for the run to end,
// and read the run's event log for a failure's message. The webserver has no login of its own
// (the edge fronts it), so requests go straight to /graphql.
import { curl, waitFor } from "./cluster";

const LAUNCH = `mutation Launch($params: ExecutionParams!) {
  launchRun(executionParams: $params) {
    __typename
    ... on LaunchRunSuccess { run { runId status } }
    ... on PythonError { message }
    ... on RunConfigValidationInvalid { errors { message } }
    ... on PipelineNotFoundError { message }
    ... on InvalidSubsetError { message }
    ... on RunConflict { message }
    ... on UnauthorizedError { message }
  }
}`;

const RUN = `query Run($runId: ID!) {
  runOrError(runId: $runId) { __typename ... on Run { runId status jobName } ... on PythonError { message } }
}`;

const EVENTS = `query Events($runId: ID!) {
  logsForRun(runId: $runId) {
    __typename
    ... on EventConnection { events { __typename ... on MessageEvent { message level } ... on ExecutionStepFailureEvent { error { message } } ... on RunFailureEvent { message } } }
    ... on PythonError { message }
  }
}`;

const LOCATION_STATES = `query { workspaceOrError { __typename ... on Workspace { locationEntries { name loadStatus locationOrLoadError { __typename ... on PythonError { message } } } } } }`;

async function graphql(baseUrl: string, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const answer = JSON.parse(await curl(["-X", "POST", "-H", "Content-Type: application/json", "--data-binary", "@-", `${baseUrl}/graphql`], JSON.stringify({ query, variables })));
  if (answer.errors?.length) throw new Error(`GraphQL: ${answer.errors.map((e: any) => e.message).join("; ")}`);
  return answer.data;
}

/** Each code location the webserver knows, with its load status and load error (if any). */
export async function codeLocations(baseUrl: string): Promise<Array<{ name: string; loadStatus: string; error?: string }>> {
  const workspace = (await graphql(baseUrl, LOCATION_STATES)).workspaceOrError;
  if (workspace.__typename !== "Workspace") throw new Error(`workspace: ${workspace.__typename}`);
  return workspace.locationEntries.map((entry: any) => ({
    name: entry.name,
    loadStatus: entry.loadStatus,
    ...(entry.locationOrLoadError?.__typename === "PythonError" ? { error: entry.locationOrLoadError.message } : {}),
  }));
}

/** Launches `job` of `location` (a Definitions object's repository) and waits for the run to end. */
export async function runJob(baseUrl: string, location: string, job: string, timeoutMs: number): Promise<{ runId: string; status: string }> {
  const params = { selector: { repositoryLocationName: location, repositoryName: "__repository__", jobName: job }, runConfigData: {} };
  const launched = (await graphql(baseUrl, LAUNCH, { params })).launchRun;
  if (launched.__typename !== "LaunchRunSuccess") throw new Error(`launchRun: ${launched.__typename}: ${launched.message ?? JSON.stringify(launched.errors)}`);
  const { runId } = launched.run;
  return waitFor(
    `Dagster run ${runId} to end`,
    async () => {
      const run = (await graphql(baseUrl, RUN, { runId })).runOrError;
      return ["SUCCESS", "FAILURE", "CANCELED"].includes(run.status) ? { runId, status: run.status as string } : undefined;
    },
    timeoutMs,
    5000,
  );
}

/** The run's error and warning events, for a failure's message. */
export async function runErrors(baseUrl: string, runId: string): Promise<string> {
  const logs = (await graphql(baseUrl, EVENTS, { runId })).logsForRun;
  if (logs.__typename !== "EventConnection") return `${logs.__typename}: ${logs.message}`;
  return (logs.events as any[])
    .filter((event) => event.level === "ERROR" || event.level === "WARNING" || event.error)
    .map((event) => [event.__typename, event.message, event.error?.message].filter(Boolean).join(": "))
    .slice(-30)
    .join("\n");
}
