/**
 * Credentials in connection strings: masked wherever a string is shown, and redacted from any
 * text derived from one (a client error, a stack trace).
 *
 * How `@eventstore/db-client` 6.2.1 reads the userinfo (`dist/Client/parseConnectionString.js`):
 * after `esdb://` or `esdb+discover://` it matches `^([^:]+:[^@]+)@` (a username without `:`,
 * a `:`, a password up to the FIRST `@`), splits that on `:` keeping two parts (so a password
 * holding `:` is cut there) and percent-decodes both. Everything after that first `@` is the host
 * list, and a host may itself hold `@`: `esdb://admin:p/a@ss@127.0.0.1:1` gives the password
 * `p/a` and the host `ss@127.0.0.1`, whose connect errors then read `dns:ss@127.0.0.1:1`. With no
 * `:` before an `@` there are no credentials, and the userinfo becomes part of the first host.
 * `@kurrent/kurrentdb-client` 1.3 (`kurrentdb://`, `kurrent://`, `kdb://`) parses userinfo with the
 * same code, so everything here holds for its strings too.
 * The WHATWG `URL` parser instead ends the authority at the first `/`, `?` or `#` and the userinfo
 * at the last `@` before that, and fails on comma host lists (`h1:2113,h2:2113`).
 *
 * So the mask reads the string conservatively, covering both readings and what the user meant:
 * the userinfo runs from the scheme's `://` (the start, without one) to the LAST `@` of the
 * string, since a host never holds `@`. When that userinfo holds no `/`, `?`, `#` or `\` the URL
 * parser agrees with this reading, and the masked string is the URL with its username and
 * password cleared; otherwise (a comma host list, a raw `/` or `?` in the password) the
 * fallback cuts the userinfo out of the text. A query value holding `@` is read as userinfo too,
 * hiding the hosts: masking more is the safe side of that doubt.
 *
 * @example
 * maskConnectionString('esdb://admin:p/a@ss@h1:2113,h2:2113?tls=false'); // 'esdb://h1:2113,h2:2113?tls=false'
 * redactSecrets('dns:ss@127.0.0.1:1', 'esdb://admin:p/a@ss@127.0.0.1:1'); // 'dns:***@127.0.0.1:1'
 */

/** Rewrites a text so that it holds no credentials. */
export type Redactor = (text: string) => string;

/** What stands in for a secret in redacted text. */
export const REDACTED = '***';

/**
 * Secrets shorter than this are redacted only where they stand before an `@` (userinfo, or a
 * host the client built from it): removing every `ab` would garble any message.
 */
export const MIN_FREE_SECRET_LENGTH = 4;

/** Beyond this many `@` and `:` in a userinfo only the main readings become secrets (bounds the work). */
const MAX_CUTS = 24;

const SCHEME = /^\s*[A-Za-z][A-Za-z0-9+.-]*:\/\//;

export interface UserinfoSplit {
  /** Everything before the userinfo: `esdb://`, `esdb+discover://`, or `''` without a scheme. */
  readonly prefix: string;
  /** From the scheme's `://` up to the last `@` of the string (may be empty: `esdb://@host`). */
  readonly userinfo: string;
  /** Everything after that `@`: hosts, path, query. */
  readonly rest: string;
}

/** The conservative reading of a connection string's userinfo; `undefined` when it has none. */
export const splitUserinfo = (connectionString: string): UserinfoSplit | undefined => {
  const start = SCHEME.exec(connectionString)?.[0].length ?? 0;
  const at = connectionString.lastIndexOf('@');
  if (at < start) return undefined;
  return { prefix: connectionString.slice(0, start), userinfo: connectionString.slice(start, at), rest: connectionString.slice(at + 1) };
};

/**
 * A connection string without its credentials: `esdb://admin:changeit@h:2113?tls=false` reads
 * `esdb://h:2113?tls=false`. A string without userinfo comes back unchanged.
 */
export const maskConnectionString = (text: string): string => {
  const split = splitUserinfo(text);
  if (split === undefined) return text;
  if (split.prefix !== '' && !/[/?#\\]/.test(split.userinfo)) {
    try {
      const url = new URL(text.trim());
      url.username = '';
      url.password = '';
      // no `@` follows the userinfo, so none is left: checked all the same
      if (!url.href.includes('@')) return url.href;
    } catch {
      // not a URL (a comma host list, a port out of range): the fallback below
    }
  }
  return `${split.prefix}${split.rest}`;
};

/** Percent-decodes what decodes; a stray `%` stays as it is. */
const lenientDecode = (text: string): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/%[0-9A-Fa-f]{2}/g, (hex) => {
      const code = Number.parseInt(hex.slice(1), 16);
      return code < 0x80 ? String.fromCharCode(code) : hex;
    });
  }
};

/** How the WHATWG URL serialises a password (its userinfo percent-encode set). */
const urlEncoded = (text: string): string | undefined => {
  try {
    const url = new URL('esdb://host');
    url.password = text;
    return url.password;
  } catch {
    return undefined;
  }
};

const lowerHex = (text: string): string => text.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase());

/** A secret in the forms it may be printed in: raw, decoded, encoded (both ways), JSON-escaped. */
const forms = (secret: string): string[] => {
  const decoded = lenientDecode(secret);
  const encoded = [encodeURIComponent(decoded), urlEncoded(decoded), urlEncoded(secret)].filter((s): s is string => s !== undefined);
  const all = [secret, decoded, ...encoded, ...encoded.map(lowerHex)];
  return [...all, ...all.map((s) => JSON.stringify(s).slice(1, -1))];
};

/**
 * The pieces of a userinfo any reading may take for secret: every stretch between `@` and `:`
 * boundaries (the client's password stops at the first `@` or second `:`, the URL's runs to the
 * end, a host built from it starts after an `@`), except those inside the username (before the
 * first `:`) — a username is not a secret, and redacting `admin` everywhere would garble output.
 * A userinfo without `:` (a bare username, or a token) is a secret as a whole, and so are its
 * pieces.
 */
const userinfoPieces = (userinfo: string): string[] => {
  const colon = userinfo.indexOf(':');
  const cuts: number[] = [];
  for (let i = 0; i < userinfo.length; i += 1) if (userinfo[i] === '@' || userinfo[i] === ':') cuts.push(i);
  const used = cuts.length > MAX_CUTS ? [...new Set([colon, ...cuts.slice(0, MAX_CUTS)])].filter((i) => i >= 0) : cuts;
  const starts = [0, ...used.map((i) => i + 1)];
  const ends = [...used, userinfo.length];
  const pieces = new Set<string>([userinfo]);
  if (colon >= 0) pieces.add(userinfo.slice(colon + 1));
  for (const s of starts)
    for (const e of ends) {
      if (e <= s || (colon >= 0 && e <= colon)) continue;
      pieces.add(userinfo.slice(s, e));
    }
  pieces.delete('');
  return [...pieces];
};

/** Every secret a connection string carries, in every form it may be printed in (empty without credentials). */
export const connectionStringSecrets = (connectionString: string): string[] => {
  const split = splitUserinfo(connectionString.trim());
  if (split === undefined || split.userinfo === '') return [];
  // the client drops whitespace at the end of a password (`p  @host` reads as `p`): each piece is
  // also a secret without it (and without it at either end: redacting more is safe)
  const pieces = userinfoPieces(split.userinfo).flatMap((piece) => [piece, piece.trimEnd(), piece.trim()]);
  return [...new Set(pieces.flatMap(forms))].filter((s) => s !== '');
};

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

const identity: Redactor = (text) => text;

/**
 * A redactor for the credentials of some connection strings (undefined and credential-free ones
 * are skipped): it replaces each secret, longest first, with `***`.
 */
export const connectionStringRedactor = (connectionStrings: readonly (string | undefined)[]): Redactor => {
  const secrets = [...new Set(connectionStrings.flatMap((s) => (s === undefined ? [] : connectionStringSecrets(s))))].sort((a, b) => b.length - a.length);
  if (secrets.length === 0) return identity;
  const free = secrets.filter((s) => s.length >= MIN_FREE_SECRET_LENGTH).map(escapeRegExp);
  const short = secrets.filter((s) => s.length < MIN_FREE_SECRET_LENGTH).map(escapeRegExp);
  const alternatives = [...free, ...(short.length === 0 ? [] : [`(?:${short.join('|')})(?=@)`])];
  const pattern = new RegExp(alternatives.join('|'), 'g');
  return (text) => text.replace(pattern, REDACTED);
};

/**
 * A text (an error message, a stack trace) without the credentials of a connection string: the
 * password and `username:password`, raw, percent-decoded or -encoded, or JSON-escaped.
 */
export const redactSecrets = (text: string, connectionString: string | readonly string[]): string =>
  connectionStringRedactor(typeof connectionString === 'string' ? [connectionString] : connectionString)(text);

// Clients made from a connection string remember its redactor, so every store on the client scrubs its errors.
const clientRedactors = new WeakMap<object, Redactor>();

/** Remembers the credentials a client was made with. */
export const rememberClientCredentials = (client: object, connectionString: string): void => {
  const redact = connectionStringRedactor([connectionString]);
  if (redact !== identity) clientRedactors.set(client, redact);
};

/** Lets a wrapper of a client (a proxy) redact as the client it wraps does. */
export const shareClientRedactor = (client: object, wrapper: object): void => {
  const redact = clientRedactors.get(client);
  if (redact !== undefined) clientRedactors.set(wrapper, redact);
};

/** The redactor for a client made from a connection string; the identity for any other client. */
export const clientRedactor = (client: object): Redactor => clientRedactors.get(client) ?? identity;

/**
 * Scrubs an error's message, stack and every other own string field (gRPC's `details`, the parse
 * error's `connectionString`) in place, where they are writable.
 */
export const scrubError = (error: unknown, redact: Redactor): void => {
  if (typeof error !== 'object' || error === null || redact === identity) return;
  const fields = error as Record<string, unknown>;
  for (const key of new Set(['message', 'stack', ...Object.keys(fields)])) {
    const value = fields[key];
    if (typeof value !== 'string') continue;
    const scrubbed = redact(value);
    if (scrubbed === value) continue;
    try {
      fields[key] = scrubbed;
    } catch {
      // frozen or read-only: the message built from it is scrubbed all the same
    }
  }
};

/**
 * An error value (a `StoreError`) with its message redacted; the client error it keeps as `cause`
 * is scrubbed in place (see `scrubError`), so logging the cause shows no secret either.
 */
export const redactError = <A extends { readonly message: string; readonly cause?: unknown }>(error: A, redact: Redactor): A => {
  if (redact === identity) return error;
  scrubError(error.cause, redact);
  const message = redact(error.message);
  return message === error.message ? error : { ...error, message };
};
