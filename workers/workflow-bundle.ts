// A workflow bundle kept on disk with what it was built from, so that a worker starting on an unchanged
// checkout skips webpack. It is reused when the bundling options and the SDK are the same, every file webpack
// read still has the content it had (hashed), and every path webpack looked for and did not find is still
// absent; otherwise webpack bundles again, with its own persistent cache beside it, compiling only what changed.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode, type BundleOptions, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { version as sdkVersion } from '@temporalio/worker/package.json';

/** What a kept bundle was built from: each file read with its content's hash (null: webpack read it from memory, not disk), each path found absent. */
interface KeptBundle {
  options: string;
  files: Record<string, string | null>;
  missing: string[];
  code: string;
}

function contentHash(file: string): string | null {
  try {
    return createHash('sha256').update(readFileSync(file)).digest('hex');
  } catch {
    return null;
  }
}

function keptBundle(file: string, options: string): WorkflowBundleWithSourceMap | undefined {
  let kept: KeptBundle;
  try {
    kept = JSON.parse(readFileSync(file, 'utf8')) as KeptBundle;
  } catch {
    return undefined;
  }
  if (kept.options !== options) return undefined;
  if (kept.missing.some((path) => existsSync(path))) return undefined;
  if (Object.entries(kept.files).some(([path, hash]) => contentHash(path) !== hash)) return undefined;
  return { code: kept.code, sourceMap: '' };
}

/**
 * Whether the file at `path` was written at or after `time`. A directory is among webpack's inputs (its
 * resolution looked into it) but not its content: it changes whenever any process makes a file in it (`/tmp`),
 * which says nothing about the bundle.
 */
export function changedSince(path: string, time: number): boolean {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat !== undefined && stat.isFile() && stat.mtimeMs >= time;
}

/** The bundle `options` make, from `cacheDirectory` when nothing it was built from changed, bundled anew and kept there otherwise. */
export async function keptWorkflowBundle(
  cacheDirectory: string,
  options: BundleOptions,
): Promise<WorkflowBundleWithSourceMap> {
  const file = join(cacheDirectory, 'workflows.json');
  // Options are paths and module names (the logger's functions drop out); a bundle made with others is not this one.
  const key = JSON.stringify({ sdkVersion, ...options });
  const kept = keptBundle(file, key);
  if (kept) return kept;
  const startedAt = Date.now();
  let inputs: { files: Iterable<string>; missing: Iterable<string>; directories: Iterable<string> } | undefined;
  const bundle = await bundleWorkflowCode({
    ...options,
    webpackConfigHook: (config) => ({
      ...config,
      cache: { type: 'filesystem', cacheDirectory: join(cacheDirectory, 'webpack'), version: sdkVersion },
      plugins: [
        ...(config.plugins ?? []),
        {
          apply: (compiler) =>
            compiler.hooks.done.tap('KeepBundleInputs', ({ compilation }) => {
              inputs = {
                files: compilation.fileDependencies,
                missing: compilation.missingDependencies,
                directories: compilation.contextDependencies,
              };
            }),
        },
      ],
    }),
  });
  const files = [...(inputs?.files ?? [])];
  // Not kept: a bundle that depends on a directory's listing (require.context; none does today), or one a
  // file may have changed under while it was built.
  const keepable =
    inputs && [...inputs.directories].length === 0 && !files.some((path) => changedSince(path, startedAt));
  if (inputs && keepable) {
    const entry: KeptBundle = {
      options: key,
      files: Object.fromEntries(files.map((path) => [path, contentHash(path)])),
      missing: [...inputs.missing],
      code: bundle.code,
    };
    try {
      mkdirSync(cacheDirectory, { recursive: true });
      // Whole or not at all, also with several workers starting at once.
      const temporary = `${file}.${randomUUID()}`;
      writeFileSync(temporary, JSON.stringify(entry));
      renameSync(temporary, file);
    } catch {
      // A read-only checkout bundles at every start.
    }
  }
  return bundle;
}
