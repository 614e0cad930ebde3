// `npm run ops -- <command>`: the operator's common jobs, through the operator API (the same calls a
// script or curl makes), with OPERATOR_API_KEY from the environment and the API at OPS_API_URL
// (default PUBLIC_BASE_URL).
import { parseArgs } from 'node:util';
import type { auditEventsOf } from '../api/audit';
import type { cancelCase, CaseSummary, CaseView, resendCaseStep } from '../api/cases';
import { loadConfigOrExit } from '../config/env';

const usage = `usage: npm run ops -- <command> [options]
  list   [--type connection|setup|user-activation|bulk-activation|terms|muk-connection] [--stage <stage>] [--org <orgId>] [--all] [--limit <n>]
         cases by stage (open ones: running, or a lapsed setup; all with --all), e.g. list --type connection --stage awaiting-document-review
  show   <workflowId>                         stage, pending steps (who, since, expiry), recent events
  resend <workflowId> <step> [--key <key>]    e-mail the step again with a new link (the old one stops working)
         [--to-name <full name> --to-email <email>]  to a corrected person instead (only they may complete it)
  cancel <workflowId> --reason <text>         cancel the process; its people are told
  audit  <orgId>                              the organisation's audit trail, oldest first
  add --json to any command for the API's JSON answer`;

type Answer = { status: number; body: unknown };

async function call(base: string, key: string, method: string, path: string, body?: unknown): Promise<Answer> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      accept: 'application/json',
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

function table(rows: Array<Record<string, unknown>>, columns: string[]): string {
  const cell = (value: unknown) => (value === null || value === undefined ? '' : String(value));
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => cell(row[column]).length)));
  const line = (values: string[]) =>
    values
      .map((value, i) => value.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(columns), ...rows.map((row) => line(columns.map((column) => cell(row[column]))))].join('\n');
}

function print(command: string, answer: Answer): string {
  if (command === 'list') {
    const body = answer.body as { cases: CaseSummary[]; query?: string };
    return body.cases.length
      ? table(body.cases, ['workflowId', 'processType', 'stage', 'organizationName', 'status', 'startTime'])
      : `no cases match ${body.query || '(everything)'}`;
  }
  if (command === 'show') {
    const body = answer.body as CaseView;
    const pending = body.pendingSteps.map(
      (s) =>
        `  ${s.step}${s.key ? ` (${s.key})` : ''}: ${s.recipient?.name ?? ''}, since ${s.since}, expires ${s.expiresAt}, ${s.remindersSent} reminder(s)`,
    );
    const events = body.events
      .slice(-10)
      .map((e) => `  ${e.at}  ${e.type}${e.step ? ` ${e.step}` : ''}${e.detail ? `: ${e.detail}` : ''}`);
    return [
      `${body.workflowId}  ${body.processType ?? body.type}  ${body.status}  stage ${body.stage}`,
      `organisation: ${body.organizationName ?? ''} (${body.organizationId ?? ''})`,
      'pending steps:',
      ...(pending.length ? pending : ['  none']),
      'recent events:',
      ...events,
    ].join('\n');
  }
  if (command === 'resend') {
    const body = answer.body as Awaited<ReturnType<typeof resendCaseStep>>;
    return `${body.step}: e-mailed again${body.recipient ? ` to ${body.recipient.name} <${body.recipient.email}>` : ''}, the new link expires ${body.expiresAt}`;
  }
  if (command === 'cancel') return `cancelled; stage ${(answer.body as Awaited<ReturnType<typeof cancelCase>>).stage}`;
  return JSON.stringify(answer.body, null, 2);
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      type: { type: 'string' },
      stage: { type: 'string' },
      org: { type: 'string' },
      all: { type: 'boolean' },
      limit: { type: 'string' },
      key: { type: 'string' },
      reason: { type: 'string' },
      'to-name': { type: 'string' },
      'to-email': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  const [command, ...args] = positionals;
  const base = (config.env.OPS_API_URL ?? config.publicBaseUrl).replace(/\/$/, '');
  const api = (method: string, path: string, body?: unknown) =>
    call(base, config.env.OPERATOR_API_KEY, method, path, body);
  const id = (value: string | undefined) => encodeURIComponent(value ?? '');
  let answer: Answer;
  switch (command) {
    case 'list': {
      const query = new URLSearchParams();
      if (values.type) query.set('processType', values.type);
      if (values.stage) query.set('stage', values.stage);
      if (values.org) query.set('organizationId', values.org);
      if (values.all) query.set('status', 'all');
      if (values.limit) query.set('limit', values.limit);
      answer = await api('GET', `/api/cases?${query}`);
      break;
    }
    case 'show':
      answer = await api('GET', `/api/cases/${id(args[0])}`);
      break;
    case 'resend':
      answer = await api('POST', `/api/cases/${id(args[0])}/resend`, {
        step: args[1],
        ...(values.key ? { key: values.key } : {}),
        ...(values['to-name'] || values['to-email']
          ? { recipient: { name: values['to-name'], email: values['to-email'] } }
          : {}),
      });
      break;
    case 'cancel':
      answer = await api('POST', `/api/cases/${id(args[0])}/cancel`, { reason: values.reason });
      break;
    case 'audit': {
      const events: unknown[] = [];
      let cursor: string | null = '';
      do {
        answer = await api(
          'GET',
          `/api/organizations/${id(args[0])}/audit?limit=500${cursor ? `&cursor=${cursor}` : ''}`,
        );
        if (answer.status !== 200) break;
        const page = answer.body as Awaited<ReturnType<typeof auditEventsOf>>;
        events.push(...page.events);
        cursor = page.nextCursor;
      } while (cursor);
      if (answer.status === 200) answer = { status: 200, body: events };
      break;
    }
    default:
      process.stdout.write(`${usage}\n`);
      process.exit(values.help ? 0 : 2);
  }
  if (answer.status >= 400) {
    const error = (answer.body as { error?: { code: string; message: string; details?: unknown } } | undefined)?.error;
    process.stderr.write(
      `${answer.status} ${error?.code ?? ''}: ${error?.message ?? ''}${error?.details ? ` ${JSON.stringify(error.details)}` : ''}\n`,
    );
    process.exit(1);
  }
  process.stdout.write(`${values.json ? JSON.stringify(answer.body, null, 2) : print(command, answer)}\n`);
}

main().catch((error) => {
  process.stderr.write(`ops failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
