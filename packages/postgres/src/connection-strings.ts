/**
 * PostgreSQL connection strings without the client: recognise one, mask its credentials for
 * messages, redact its secrets from any text derived from it (a server or driver error), and
 * split off this library's own `schema` parameter. Importing this entry loads nothing of `pg`, so
 * a program can name a store at start and load the driver only when it connects.
 *
 * @example
 * import { maskPostgresUrl } from '@cim-complaints/postgres/connection-strings';
 * maskPostgresUrl('postgres://cim:s3cret@db:5432/complaints?schema=cx'); // 'postgres://db:5432/complaints?schema=cx'
 * splitSchema('postgresql://db/complaints?schema=cx&sslmode=require'); // { connectionString: 'postgresql://db/complaints?sslmode=require', schema: 'cx' }
 *
 * @module @cim-complaints/postgres/connection-strings
 */

/** What stands in for a secret in redacted text. */
export const REDACTED = '***';

/** The schema a store lives in when none is named. */
export const DEFAULT_SCHEMA = 'cim_complaints';

/** Query parameters that carry secrets: dropped by the mask, redacted from messages. */
const SECRET_PARAMS = ['password', 'sslpassword'];

const SCHEME = /^\s*postgres(?:ql)?:\/\//i;

/** Whether a string names a PostgreSQL server (`postgres://` or `postgresql://`). */
export const isPostgresUrl = (text: string): boolean => SCHEME.test(text);

/**
 * The userinfo of a connection string read conservatively: from `://` to the LAST `@` of the
 * string (a host never holds `@`, a password may), so a password holding `@` or `/` is never
 * taken for a host. `undefined` when there is no `@`.
 */
const splitUserinfo = (text: string): { prefix: string; userinfo: string; rest: string } | undefined => {
  const start = SCHEME.exec(text)?.[0].length ?? 0;
  const at = text.lastIndexOf('@');
  if (at < start) return undefined;
  return { prefix: text.slice(0, start), userinfo: text.slice(start, at), rest: text.slice(at + 1) };
};

/** Drops the secret query parameters from the part after the hosts. */
const withoutSecretParams = (rest: string): string => {
  const q = rest.indexOf('?');
  if (q < 0) return rest;
  const kept = rest
    .slice(q + 1)
    .split('&')
    .filter((pair) => pair !== '' && !SECRET_PARAMS.includes(safeDecode(pair.split('=')[0] ?? '').toLowerCase()));
  return kept.length === 0 ? rest.slice(0, q) : `${rest.slice(0, q)}?${kept.join('&')}`;
};

const safeDecode = (text: string): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/**
 * A connection string without its credentials: the user, the password and any `password=` or
 * `sslpassword=` parameter are left out. `postgres://cim:pw@db:5432/x` reads `postgres://db:5432/x`.
 */
export const maskPostgresUrl = (text: string): string => {
  const split = splitUserinfo(text.trim());
  if (split === undefined) return withoutSecretParams(text.trim());
  return `${split.prefix}${withoutSecretParams(split.rest)}`;
};

/** Every secret of a connection string (the password and secret parameters), in the forms it may be printed in. */
export const postgresUrlSecrets = (text: string): string[] => {
  const secrets: string[] = [];
  const split = splitUserinfo(text.trim());
  if (split !== undefined) {
    const colon = split.userinfo.indexOf(':');
    // without a colon the whole userinfo may be a token: treat it as secret too
    secrets.push(colon < 0 ? split.userinfo : split.userinfo.slice(colon + 1));
  }
  const q = text.indexOf('?');
  if (q >= 0) {
    for (const pair of text.slice(q + 1).split('&')) {
      const [key, ...value] = pair.split('=');
      if (SECRET_PARAMS.includes(safeDecode(key ?? '').toLowerCase())) secrets.push(value.join('='));
    }
  }
  const forms = secrets.filter((s) => s !== '').flatMap((s) => [s, safeDecode(s), encodeURIComponent(safeDecode(s))]);
  // longest first, so a secret that contains another is replaced whole
  return [...new Set(forms)].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
};

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/**
 * A function that takes every secret of `connectionString` (and any PostgreSQL URL's
 * credentials) out of a text: for messages built from driver and server errors.
 */
export const postgresRedactor = (connectionString: string | undefined): ((text: string) => string) => {
  const secrets = connectionString === undefined ? [] : postgresUrlSecrets(connectionString);
  const pattern = secrets.length === 0 ? undefined : new RegExp(secrets.map(escapeRegExp).join('|'), 'g');
  return (text) => {
    const urlsMasked = text.replace(/postgres(?:ql)?:\/\/[^\s"'<>]+/gi, (url) => maskPostgresUrl(url));
    return pattern === undefined ? urlsMasked : urlsMasked.replace(pattern, REDACTED);
  };
};

/**
 * Splits this library's own `schema` parameter off a connection string (the driver does not know
 * it): the string to hand to `pg`, and the schema named, if any.
 */
export const splitSchema = (connectionString: string): { readonly connectionString: string; readonly schema?: string } => {
  const q = connectionString.indexOf('?');
  if (q < 0) return { connectionString };
  let schema: string | undefined;
  const kept = connectionString
    .slice(q + 1)
    .split('&')
    .filter((pair) => {
      const [key, ...value] = pair.split('=');
      if (safeDecode(key ?? '') !== 'schema') return pair !== '';
      schema = safeDecode(value.join('='));
      return false;
    });
  const base = connectionString.slice(0, q);
  return { connectionString: kept.length === 0 ? base : `${base}?${kept.join('&')}`, ...(schema === undefined ? {} : { schema }) };
};
