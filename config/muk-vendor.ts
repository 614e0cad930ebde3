// The vendor profile of MUK connections: optiGov's defaults (domain/muk/vendor.ts), overridden in part
// by MUK_VENDOR_JSON, e.g. {"name":"Example GmbH","numberOfOnlineServices":25}.
import { defaultVendorProfile, vendorProfileSchema, type VendorProfile } from '../domain/muk/vendor';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function merge(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) out[key] = merge(base[key], value);
  return out;
}

/** Answers the profile, or the problems in `MUK_VENDOR_JSON` one per line (for ConfigError). */
export function parseMukVendorProfile(raw: string | undefined): { vendor: VendorProfile; problems: string[] } {
  if (raw === undefined) return { vendor: defaultVendorProfile, problems: [] };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { vendor: defaultVendorProfile, problems: ['MUK_VENDOR_JSON: is not valid JSON'] };
  }
  const parsed = vendorProfileSchema.safeParse(merge(defaultVendorProfile, json));
  if (parsed.success) return { vendor: parsed.data, problems: [] };
  return {
    vendor: defaultVendorProfile,
    problems: parsed.error.issues.map((issue) => `MUK_VENDOR_JSON.${issue.path.join('.')}: ${issue.message}`),
  };
}
