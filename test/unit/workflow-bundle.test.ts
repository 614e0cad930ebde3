// What a new workflow costs the worker: with a reused V8 context, every module of the bundle that is not
// preloaded is evaluated again for each workflow created. The bundle is evaluated here as the SDK's
// reusable context evaluates it (modules loaded before any workflow exists are the shared ones), then one
// workflow's import of the workflows, to see which modules each new workflow evaluates.
import assert from 'node:assert/strict';
import vm from 'node:vm';
import { workflowBundle } from '../support/bundle';

async function modulesPerWorkflow(): Promise<{ shared: string[]; perWorkflow: string[] }> {
  const { code } = await workflowBundle();
  const moduleCache: Record<string, unknown> = {};
  const context = vm.createContext({
    __webpack_module_cache__: moduleCache,
    TextEncoder,
    TextDecoder,
    URL,
    URLSearchParams,
    AbortController,
    Headers,
    console,
  });
  vm.runInContext(code, context);
  vm.runInContext('__TEMPORAL__.preloadModules()', context);
  const shared = Object.keys(moduleCache);
  vm.runInContext('__TEMPORAL__.importWorkflows(); __TEMPORAL__.importInterceptors()', context);
  return { shared, perWorkflow: Object.keys(moduleCache).filter((id) => !shared.includes(id)) };
}

describe('workflow bundle', () => {
  it('evaluates no zod and no domain module for each new workflow, only the processes themselves', async () => {
    const { shared, perWorkflow } = await modulesPerWorkflow();
    assert.ok(
      shared.some((id) => id.endsWith('/domain/organization.ts')),
      'domain modules are preloaded',
    );
    assert.deepEqual(
      perWorkflow.filter((id) => !/^\.\/workflows\/[a-z-]+\.ts$/.test(id) || id.endsWith('.messages.ts')),
      [],
      'modules evaluated again for every workflow the worker creates',
    );
  });

  it('keeps zod out of the preloaded modules, whose frozen schemas could not parse', async () => {
    const { shared } = await modulesPerWorkflow();
    assert.deepEqual(
      shared.filter((id) => id.includes('/zod/')),
      [],
    );
  });
});
