// The worker's workflow bundle: every process, one file each.
import type { MukConnectionInput, MukConnectionResult } from './muk-connection.messages';

export { ping } from './ping';
export { connection } from './connection';
export { organizationSetup } from './organization-setup';
export { termsUpdate } from './terms-update';
export { userActivation } from './user-activation';
export { bulkActivation } from './bulk-activation';
export { documentSweep } from './document-sweep';

/**
 * Loaded by its own runs only: its module builds zod schemas, which every workflow the worker creates would
 * otherwise build again (zod cannot be preloaded and shared, see workers/worker.ts).
 */
export function mukConnection(input: MukConnectionInput): Promise<MukConnectionResult> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded by its own runs only, as said above
  return (require('./muk-connection') as typeof import('./muk-connection')).mukConnection(input);
}
