export { CERT_MANAGER_CHART, chartDirectoryProblems, chartSource, chartsInUse, KUBE_PROMETHEUS_STACK_CHART, TRAEFIK_CHART, type ChartPin, type ChartSource } from "./charts";
export { BINDING_ENV, BINDING_SERVICES, type AppBinding } from "./appBindings";
export { receiverSecretsNeeded, type ReceiverSecret } from "./alertingChecks";
export { ConfigError } from "./errors";
export { deploysChart, observabilityPlacement, type ObservabilityPlacement, type Placement } from "./observabilityPlacement";
export { loadStackConfig, parseStackConfig } from "./load";
export { kindNodeImage, KIND_VERSION } from "./kindImages";
export * from "./schema";
export {
  consumersOf,
  dependentsOf,
  CREDENTIALS,
  EXAMPLE_CODE_LOCATION,
  namespaceOf,
  PINNED_IMAGES,
  SERVICE_ACCOUNTS,
  SERVICES,
  type ApiAccess,
  type BindingKind,
  type Credential,
  type GeneratedKeySpec,
  type ServiceAccount,
} from "./services";
