// JSON Schema for rules that zod checks in refinements, which its generated schema leaves out: given to
// `.meta()` beside the refinement, the OpenAPI document states the rule too, so a client (or a fuzzer)
// knows which bodies the API accepts.

/** When `field` is `value`, `then` must hold too (e.g. `{ required: ['reason'] }`). */
export function requiredWhen(field: string, value: unknown, then: Record<string, unknown>): Record<string, unknown> {
  return { if: { properties: { [field]: { const: value } }, required: [field] }, then };
}

/** `value` in any letter case, with white space around it: a pattern for what `trim().toLowerCase()` compares. */
export function anyCasePattern(values: readonly string[]): string {
  const anyCase = (value: string) =>
    [...value]
      .map((char) =>
        char.toLowerCase() === char.toUpperCase()
          ? char.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')
          : `[${char.toLowerCase()}${char.toUpperCase()}]`,
      )
      .join('');
  return `^\\s*(?:${values.map(anyCase).join('|')})\\s*$`;
}
