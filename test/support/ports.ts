import { freePort } from '../../dev/ports';

export { freePort };

/** The ports the dev stack (`dev/start.ts`) listens on, named by their variables. */
export const devStackPortVariables = [
  'PORT',
  'TEMPORAL_PORT',
  'TEMPORAL_UI_PORT',
  'WORKER_METRICS_PORT',
  'WORKER_SDK_METRICS_PORT',
  'DEV_SMTP_PORT',
  'DEV_OIDC_PORT',
] as const;

/** Sets each of the dev stack's port variables in `env` to a free port, so parallel stacks never collide. */
export async function assignFreePorts(env: NodeJS.ProcessEnv): Promise<void> {
  for (const name of devStackPortVariables) env[name] = String(await freePort());
}
