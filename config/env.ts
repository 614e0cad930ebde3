// The environment, parsed once with zod. A wrong value stops the process with one line per variable.
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';
import { durationPattern } from '../domain/duration';
import { defaultDurations, temporalDefaults, type Durations } from '../temporal.config';
import type { VendorProfile } from '../domain/muk/vendor';
import { defaultDocumentationRequiredKinds, organizationKinds, type OrganizationKind } from '../domain/organization';
import { parseMukVendorProfile } from './muk-vendor';
import { parseEncryptionKeys } from './codec';

const DEV_OPERATOR_KEY = 'dev-operator-key';
const DEV_LINK_KEY = 'dev-link-signing-key-not-for-production';
const DEV_PSEUDONYM_KEY = 'dev-pseudonym-key-not-for-production';
const DEV_ENCRYPTION_KEY = 'dev:ZGV2LWVuY3J5cHRpb24ta2V5LW5vdC1mb3ItcHJvZC0='; // base64 of 32 bytes
const DEV_OIDC_CLIENT_SECRET = 'onboarding-dev-secret';
const DEV_COMPANY_REGISTER_FILE = 'dev/fixtures/company-register.json';
const DEV_CASEWORKER_EMAIL = 'caseworkers@onboarding.localhost';

function validEncryptionKeys(spec: string): boolean {
  try {
    return parseEncryptionKeys(spec).length > 0;
  } catch {
    return false;
  }
}

/** Express's names for address ranges, an IP address, or a CIDR range (`10.0.0.0/8`, `2001:db8::/32`). */
function isProxyAddress(entry: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

const port = z.coerce.number().int().min(1).max(65535);
const optionalText = z.string().trim().min(1).optional();

/** `none`, or kinds separated by commas (`region,municipality`), each once. */
const documentationKinds = z
  .string()
  .transform((value) => (value.trim() === 'none' ? [] : value.split(',').map((kind) => kind.trim())))
  .pipe(
    z
      .array(
        z.enum(organizationKinds, {
          error: `expected "none" or kinds separated by commas, from ${organizationKinds.join(', ')}`,
        }),
      )
      .refine((kinds) => new Set(kinds).size === kinds.length, 'a kind is listed twice'),
  );

const durationString = z.string().regex(durationPattern, 'expected a duration such as "3 days" or "500 ms"');

/** Any part of `defaultDurations` may be overridden; shape mismatches are reported by path. */
function durationOverridesSchema(template: unknown): z.ZodType {
  if (typeof template === 'number') return z.number().int().positive();
  if (typeof template === 'string') return durationString;
  const shape: Record<string, z.ZodType> = {};
  for (const [key, value] of Object.entries(template as object)) shape[key] = durationOverridesSchema(value).optional();
  return z.strictObject(shape);
}

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().min(1).default('./data'),
  /** The app's PostgreSQL database; unset, the app keeps its state in SQLite under DATA_DIR. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/./, 'expected a postgres:// or postgresql:// URL (unset: SQLite under DATA_DIR)')
    .optional(),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(3000),
  PUBLIC_BASE_URL: z.url().optional(),
  /**
   * The load balancers or reverse proxies in front of the API, whose X-Forwarded-For names the client: the
   * per-IP limits count that client. A request from anywhere else is counted by the address it came from.
   */
  TRUST_PROXY: z
    .string()
    .transform((value) => value.split(',').map((entry) => entry.trim()))
    .pipe(
      z
        .array(z.string())
        .refine(
          (entries) => entries.every(isProxyAddress),
          'expected addresses or CIDR ranges (or loopback, linklocal, uniquelocal) separated by commas',
        ),
    )
    .default(['loopback']),

  TEMPORAL_ADDRESS: z.string().min(1).optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default(temporalDefaults.namespace),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default(temporalDefaults.taskQueue),
  TEMPORAL_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  TEMPORAL_TLS_CERT_PATH: optionalText,
  TEMPORAL_TLS_KEY_PATH: optionalText,
  TEMPORAL_TLS_CA_PATH: optionalText,
  TEMPORAL_TLS_SERVER_NAME: optionalText,
  TEMPORAL_API_KEY: optionalText,
  TEMPORAL_CLI_PATH: optionalText,
  TEMPORAL_TEST_SERVER_PATH: optionalText,

  OPERATOR_API_KEY: z.string().min(12, 'must be at least 12 characters').default(DEV_OPERATOR_KEY),
  LINK_SIGNING_KEY: z.string().min(16, 'must be at least 16 characters').default(DEV_LINK_KEY),
  PSEUDONYM_KEY: z.string().min(16, 'must be at least 16 characters').default(DEV_PSEUDONYM_KEY),
  PAYLOAD_ENCRYPTION_KEYS: z
    .string()
    .regex(/^[\w-]+:[A-Za-z0-9+/=]+(,[\w-]+:[A-Za-z0-9+/=]+)*$/, 'expected "keyId:base64key[,keyId:base64key...]"')
    .refine((value) => validEncryptionKeys(value), 'every key must be 32 bytes (AES-256) and every key id unique')
    .default(DEV_ENCRYPTION_KEY),

  /** Origins of the Temporal Web UI allowed to call /codec (default: the dev server's UI on TEMPORAL_UI_PORT). */
  CODEC_CORS_ORIGINS: z
    .string()
    .regex(/^https?:\/\/[^\s,/]+(,https?:\/\/[^\s,/]+)*$/, 'expected "http(s)://host[:port][,...]", without paths')
    .optional(),
  /** The worker's /metrics (its own series and the SDK's); the SDK's exporter listens on WORKER_SDK_METRICS_PORT. */
  WORKER_METRICS_PORT: port.default(9464),
  WORKER_SDK_METRICS_PORT: port.default(9465),
  /** The worker's V8 heap limit under `npm start` (each of its threads gets one); bounds its memory in a bulk activation. */
  WORKER_HEAP_MB: z.coerce.number().int().min(128).default(512),
  /**
   * Processes the worker keeps in memory between their steps (default: the SDK's, sized by the worker's heap
   * limit). An evicted process is replayed from its history when it next moves.
   */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).optional(),
  /** When set, /metrics needs `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Production without METRICS_TOKEN must say so: `true` serves /metrics to anyone who reaches it. */
  METRICS_PUBLIC: z.enum(['true', 'false']).default('false'),
  /** The API `npm run ops` calls (default PUBLIC_BASE_URL). */
  OPS_API_URL: z.url().optional(),

  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'expected smtp://host:port or smtps://host:port')
    .optional(),
  SMTP_TLS_REJECT_UNAUTHORIZED: z.enum(['true', 'false']).default('true'),
  /** Parallel SMTP connections of the worker's pool; a relay may allow fewer per client. */
  SMTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(100).default(20),
  MAIL_FROM: z.string().min(3).default('MitID Erhverv onboarding <no-reply@onboarding.localhost>'),
  DEV_SMTP_PORT: port.default(2525),

  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).default('onboarding-dev'),
  OIDC_CLIENT_SECRET: z.string().min(1).default(DEV_OIDC_CLIENT_SECRET),
  OIDC_REDIRECT_URL: z.url().optional(),
  DEV_OIDC_PORT: port.default(3001),

  /** Link POSTs allowed per client IP and minute (per token it is 10): an agency's staff may share one NAT address. */
  LINK_POSTS_PER_IP_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /** An upload that sends nothing for this long, or has not arrived within UPLOAD_TIMEOUT, is cut off with 408. */
  UPLOAD_IDLE_TIMEOUT: durationString.default('30 seconds'),
  UPLOAD_TIMEOUT: durationString.default('5 minutes'),
  COMPANY_REGISTER_FILE: z.string().min(1).default(DEV_COMPANY_REGISTER_FILE),
  CASEWORKER_EMAIL: z.email().default(DEV_CASEWORKER_EMAIL),
  /** Organisation kinds whose connection needs documentation reviewed by a case worker (the others: the company register, by CVR). */
  DOCUMENTATION_REQUIRED_KINDS: documentationKinds.default(() => [...defaultDocumentationRequiredKinds]),

  DURATIONS_JSON: z.string().optional(),
  MUK_VENDOR_JSON: z.string().optional(),
});

export type Env = z.infer<typeof envSchema>;

export interface AppConfig {
  env: Env;
  production: boolean;
  dataDir: string;
  /** PostgreSQL's URL when the app's state is there, else undefined (SQLite under `dataDir`). */
  databaseUrl?: string;
  publicBaseUrl: string;
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    tls?: { certPath?: string; keyPath?: string; caPath?: string; serverName?: string };
    apiKey?: string;
  };
  smtpUrl: string;
  oidc: { issuer: string; clientId: string; clientSecret: string; redirectUrl: string };
  durations: Durations;
  /** Whose MUK Vorhaben are filed and with which defaults (optiGov unless MUK_VENDOR_JSON says otherwise). */
  mukVendor: VendorProfile;
  /** DOCUMENTATION_REQUIRED_KINDS: read once here; a connection gets the answer for its kind in its input. */
  documentationRequiredKinds: readonly OrganizationKind[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

function mergeDeep<T>(base: T, override: unknown): T {
  if (override === undefined) return base;
  if (typeof base !== 'object' || base === null) return override as T;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(override as Record<string, unknown>)) {
    out[key] = mergeDeep((base as Record<string, unknown>)[key], value);
  }
  return out as T;
}

function formatIssues(prefix: string, issues: z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const path = issue.path.join('.');
    return `${prefix}${path ? (prefix ? '.' : '') + path : ''}: ${issue.message}`;
  });
}

function parseDurations(raw: string | undefined): { durations: Durations; problems: string[] } {
  if (raw === undefined) return { durations: defaultDurations, problems: [] };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { durations: defaultDurations, problems: ['DURATIONS_JSON: is not valid JSON'] };
  }
  const parsed = durationOverridesSchema(defaultDurations).safeParse(json);
  if (!parsed.success)
    return { durations: defaultDurations, problems: formatIssues('DURATIONS_JSON', parsed.error.issues) };
  return { durations: mergeDeep<Durations>(defaultDurations, parsed.data), problems: [] };
}

const productionSecrets: Array<[keyof Env, string]> = [
  ['OPERATOR_API_KEY', DEV_OPERATOR_KEY],
  ['LINK_SIGNING_KEY', DEV_LINK_KEY],
  ['PSEUDONYM_KEY', DEV_PSEUDONYM_KEY],
  ['PAYLOAD_ENCRYPTION_KEYS', DEV_ENCRYPTION_KEY],
  ['OIDC_CLIENT_SECRET', DEV_OIDC_CLIENT_SECRET],
  ['COMPANY_REGISTER_FILE', DEV_COMPANY_REGISTER_FILE],
  ['CASEWORKER_EMAIL', DEV_CASEWORKER_EMAIL],
];

/** Keys we generate ourselves: long, and not a word or a pattern repeated (a random one of 32 has far more). */
const ownSecrets = ['OPERATOR_API_KEY', 'LINK_SIGNING_KEY', 'PSEUDONYM_KEY'] as const;
const minSecretLength = 32;
const minDistinctCharacters = 12;

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** What production needs beyond the schema: no dev value, strong own keys, a deliberate /metrics. */
function productionProblems(env: Env, present: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [name, devValue] of productionSecrets) {
    if (present[name] === undefined || env[name] === devValue)
      problems.push(`${name}: a real value is required when NODE_ENV=production`);
  }
  for (const name of ownSecrets) {
    const value = env[name];
    if (value.length < minSecretLength || new Set(value).size < minDistinctCharacters) {
      problems.push(
        `${name}: must be at least ${minSecretLength} random characters when NODE_ENV=production (e.g. openssl rand -base64 32)`,
      );
    }
  }
  for (const name of ['PUBLIC_BASE_URL', 'SMTP_URL', 'OIDC_ISSUER', 'TEMPORAL_ADDRESS'] as const) {
    if (present[name] === undefined) problems.push(`${name}: must be set when NODE_ENV=production`);
  }
  if (env.METRICS_TOKEN === undefined && env.METRICS_PUBLIC !== 'true') {
    problems.push(
      'METRICS_TOKEN: must be set when NODE_ENV=production, unless METRICS_PUBLIC=true serves /metrics to anyone',
    );
  }
  return problems;
}

/** Parses the environment; throws ConfigError listing every wrong variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) throw new ConfigError(formatIssues('', parsed.error.issues));
  const env = parsed.data;
  const problems: string[] = [];
  const production = env.NODE_ENV === 'production';
  if (production) problems.push(...productionProblems(env, present));
  // Development on a reachable address must be chosen, not fallen into: it accepts every dev secret.
  if (present.NODE_ENV === undefined && !isLoopback(env.HOST)) {
    problems.push(
      `NODE_ENV: must be set when HOST (${env.HOST}) is not a loopback address: production, or development on purpose`,
    );
  }
  const { durations, problems: durationProblems } = parseDurations(env.DURATIONS_JSON);
  problems.push(...durationProblems);
  const { vendor: mukVendor, problems: vendorProblems } = parseMukVendorProfile(env.MUK_VENDOR_JSON);
  problems.push(...vendorProblems);
  if (problems.length > 0) throw new ConfigError(problems);

  const publicBaseUrl = (env.PUBLIC_BASE_URL ?? `http://${env.HOST}:${env.PORT}`).replace(/\/$/, '');
  const tls =
    env.TEMPORAL_TLS_CERT_PATH || env.TEMPORAL_TLS_CA_PATH || env.TEMPORAL_TLS_SERVER_NAME
      ? {
          certPath: env.TEMPORAL_TLS_CERT_PATH,
          keyPath: env.TEMPORAL_TLS_KEY_PATH,
          caPath: env.TEMPORAL_TLS_CA_PATH,
          serverName: env.TEMPORAL_TLS_SERVER_NAME,
        }
      : undefined;
  return {
    env,
    production,
    dataDir: resolve(env.DATA_DIR),
    databaseUrl: env.DATABASE_URL,
    publicBaseUrl,
    temporal: {
      address: env.TEMPORAL_ADDRESS ?? `127.0.0.1:${env.TEMPORAL_PORT}`,
      namespace: env.TEMPORAL_NAMESPACE,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      tls,
      apiKey: env.TEMPORAL_API_KEY,
    },
    smtpUrl: env.SMTP_URL ?? `smtp://127.0.0.1:${env.DEV_SMTP_PORT}`,
    oidc: {
      issuer: env.OIDC_ISSUER ?? `http://127.0.0.1:${env.DEV_OIDC_PORT}`,
      clientId: env.OIDC_CLIENT_ID,
      clientSecret: env.OIDC_CLIENT_SECRET,
      redirectUrl: env.OIDC_REDIRECT_URL ?? `${publicBaseUrl}/auth/callback`,
    },
    durations,
    mukVendor,
    documentationRequiredKinds: env.DOCUMENTATION_REQUIRED_KINDS,
  };
}

/** For entry points: a bad environment prints one line per problem and exits 1, no stack trace. */
export function loadConfigOrExit(source: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    return loadConfig(source);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const line of error.problems) process.stderr.write(`Invalid environment: ${line}\n`);
    process.exit(1);
  }
}
