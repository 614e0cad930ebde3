// A request's route as the OpenAPI document names it (`/api/connections/:id`), for bounded labels in
// metrics and the audit trail, and its path parameters.
import type { AppConfig } from '../config/env';
import { describeOperations } from './openapi-operations';

export interface MatchedRoute {
  template: string;
  params: Record<string, string>;
}

function routesOf(config: AppConfig) {
  return describeOperations(config).map((op) => {
    const names: string[] = [];
    const source = op.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (_match, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    return { method: op.method.toUpperCase(), template: op.path, names, pattern: new RegExp(`^${source}/?$`) };
  });
}

export function routeMatcher(config: AppConfig): (method: string, path: string) => MatchedRoute | undefined {
  const routes = routesOf(config);
  return (method, path) => {
    for (const route of routes) {
      if (route.method !== method.toUpperCase()) continue;
      const match = route.pattern.exec(path);
      if (!match) continue;
      let params: Record<string, string>;
      try {
        params = Object.fromEntries(route.names.map((name, index) => [name, decodeURIComponent(match[index + 1]!)]));
      } catch {
        return undefined;
      }
      return { template: route.template, params };
    }
    return undefined;
  };
}

/** The methods the document lists for a path (GET also answers HEAD); none for a path it does not know. */
export function allowedMethods(config: AppConfig): (path: string) => string[] {
  const routes = routesOf(config);
  return (path) => {
    const methods = routes.filter((route) => route.pattern.test(path)).map((route) => route.method);
    return methods.includes('GET') ? [...methods, 'HEAD'] : methods;
  };
}
