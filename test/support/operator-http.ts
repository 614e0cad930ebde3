// What tests and benchmarks ask of a running system over HTTP: the API with the operator key, and the
// dev mailbox's JSON view.
import type { DevMailMessage } from '../../api/dev-mail';

/**
 * An answer with a JSON body as the tests read it. The body keeps JSON.parse's type: each test reads the fields
 * the contract gives its call, and the conformance tests and the fuzzer check the answers against the OpenAPI.
 */
export interface JsonAnswer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON.parse's type, read as the contract says
  body: any;
}

/** The body of every 4xx and 5xx answer. */
export interface ErrorAnswer {
  error: { code: string; message: string; details?: unknown };
}

export interface OperatorHttp {
  /** Operator-authenticated JSON request against the API. */
  api(method: string, path: string, body?: unknown): Promise<JsonAnswer>;
  /** The caught mail, newest first, as GET /dev/mail.json answers it; only `to`'s when given. */
  mail(to?: string): Promise<DevMailMessage[]>;
}

export function operatorHttp(baseUrl: string, operatorKey: string): OperatorHttp {
  return {
    async api(method, path, body) {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${operatorKey}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
    async mail(to) {
      const response = await fetch(`${baseUrl}/dev/mail.json${to ? `?to=${encodeURIComponent(to)}` : ''}`);
      if (!response.ok) throw new Error(`GET /dev/mail.json answered ${response.status}`);
      return (await response.json()) as DevMailMessage[];
    },
  };
}
