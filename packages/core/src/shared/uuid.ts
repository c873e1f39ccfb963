/**
 * Name-based (version 5) UUIDs, RFC 9562 section 5.5: SHA-1 over the namespace's 16 bytes then
 * the name's UTF-8 bytes, the first 16 bytes of the hash with the version and variant bits set.
 * Written here on node:crypto's one-shot hash rather than taken from `uuid`, whose v5 builds a
 * hash object per call: event ids are made for every event a command records. A property holds
 * it to `uuid`'s v5 for every name.
 *
 * @example
 * uuidV5('c-1#0', '6f0c6bd4-5d0e-4c55-9f3a-2b3f4a4e8c11'); // 'e6a158d8-154f-5876-add8-08ad214fa990'-like, the same for the same name
 */
import { hash } from 'node:crypto';

const namespaces = new Map<string, Buffer>();

const namespaceBytes = (namespace: string): Buffer => {
  let bytes = namespaces.get(namespace);
  if (bytes === undefined) {
    const hex = namespace.replace(/-/g, '');
    if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new TypeError(`not a UUID: ${JSON.stringify(namespace)}`);
    bytes = Buffer.from(hex, 'hex');
    namespaces.set(namespace, bytes);
  }
  return bytes;
};

/** The version 5 UUID of `name` in `namespace` (a UUID in its usual text form), in lower case. */
export const uuidV5 = (name: string, namespace: string): string => {
  const ns = namespaceBytes(namespace);
  const input = Buffer.allocUnsafe(16 + Buffer.byteLength(name, 'utf8'));
  ns.copy(input, 0);
  input.write(name, 16, 'utf8');
  const h = hash('sha1', input, 'hex');
  // version 5 in the high nibble of byte 6; the variant 10xx in the high bits of byte 8
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
