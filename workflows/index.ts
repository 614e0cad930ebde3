// The worker's workflow bundle: every process, one file each.
export { ping } from './ping';
export { connection } from './connection';
export { organizationSetup } from './organization-setup';
export { mukConnection } from './muk-connection';
export { termsUpdate } from './terms-update';
export { userActivation } from './user-activation';
export { bulkActivation } from './bulk-activation';
export { documentSweep } from './document-sweep';
