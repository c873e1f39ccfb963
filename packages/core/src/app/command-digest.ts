/**
 * A command's fingerprint: SHA-256 over its canonical JSON (keys sorted at every depth, so the
 * order a caller wrote its fields in does not matter). Stored in each event's metadata, it lets
 * the handler tell a retry (same id, same body: answered as already applied) from a reused id
 * (same id, another body: refused as `command-id-reused`).
 *
 * @example
 * commandDigest(command); // 'sha256:9f86d081884c7d65...'
 */
import { hash } from 'node:crypto';
import type { ComplaintCommand } from '../complaint/commands.js';
import { canonicalJson } from '../shared/canonical-json.js';

export { canonicalJson };

/** The digest of a decoded command, as `sha256:<hex>`. */
export const commandDigest = (command: ComplaintCommand): string => `sha256:${hash('sha256', canonicalJson(command), 'hex')}`;
