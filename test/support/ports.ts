import { freePort, nodePort, portIsFree } from '../../dev/ports';

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

/** The variables whose ports each further node of the stack has its own of (dev/ports.ts `nodePort`). */
const perNodePortVariables: readonly string[] = ['PORT', 'WORKER_METRICS_PORT', 'WORKER_SDK_METRICS_PORT'];

/**
 * Sets each of the dev stack's port variables in `env` to a free port, so parallel stacks never collide; with
 * `nodes` workers or API processes (`dev/start.ts --workers`, `--api-nodes`), the further nodes' ports are free
 * too, and no two of them the same.
 */
export async function assignFreePorts(env: NodeJS.ProcessEnv, nodes = 1): Promise<void> {
  for (;;) {
    for (const name of devStackPortVariables) env[name] = String(await freePort());
    const ports = devStackPortVariables.flatMap((name) =>
      Array.from({ length: perNodePortVariables.includes(name) ? nodes : 1 }, (_, i) => nodePort(Number(env[name]), i)),
    );
    if (new Set(ports).size === ports.length && (await Promise.all(ports.map(portIsFree))).every(Boolean)) return;
  }
}
