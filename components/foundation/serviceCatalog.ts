// Who runs in this stack: the ServiceAccounts and credentials of the enabled services, from their
// descriptors (stacks/services/). Enabled in-cluster services get their ServiceAccounts and
// credentials; nothing runs as `default`.
import { SERVICE_ACCOUNTS, type ServiceAccount, type ServiceName, type ServicesConfig } from "../../stacks";

export { CREDENTIALS, SERVICE_ACCOUNTS, type ApiAccess, type Credential, type ServiceAccount } from "../../stacks";

/** ServiceAccounts of the enabled services: in-cluster ones, and those an external service's Jobs need. */
export function serviceAccountsFor(services: ServicesConfig): ServiceAccount[] {
  const inCluster = inClusterServices(services);
  return SERVICE_ACCOUNTS.filter((account) => inCluster.has(account.service) || (account.whenExternal === true && services[account.service].enabled));
}

/** Services enabled and running in the cluster (external ones need no identity here). */
export function inClusterServices(services: ServicesConfig): Set<ServiceName> {
  return new Set((Object.keys(services) as ServiceName[]).filter((name) => services[name].enabled && services[name].mode === "in-cluster"));
}
