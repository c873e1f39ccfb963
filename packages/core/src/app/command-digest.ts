/**
 * A command's fingerprint: SHA-256 over its canonical JSON (keys sorted at every depth, so the
 * order a caller wrote its fields in does not matter). Stored in each event's metadata, it lets
 * the handler tell a retry (same id, same body: answered as already applied) from a reused id
 * (same id, another body: refused as `command-id-reused`).
 *
 * @example
 * commandDigest(command); // 'sha256:9f86d081884c7d65...'
 */
import { createHash } from 'node:crypto';
import type { ComplaintCommand } from '../complaint/commands.js';

/** JSON with object keys sorted at every depth; `undefined` fields left out, as JSON does. */
export const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
};

/** The digest of a decoded command, as `sha256:<hex>`. */
export const commandDigest = (command: ComplaintCommand): string => `sha256:${createHash('sha256').update(canonicalJson(command)).digest('hex')}`;
