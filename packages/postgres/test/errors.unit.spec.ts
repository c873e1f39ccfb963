import { describe, expect, it } from 'vitest';
import { fromPgError, kindOfPgError, maskPostgresUrl, postgresRedactor, splitSchema } from '../src/index.js';

const serverError = (code: string, message = 'server says no', constraint?: string) => Object.assign(new Error(message), { code, ...(constraint === undefined ? {} : { constraint }) });

describe('PostgreSQL errors', () => {
  describe('when the server or the driver fails', () => {
    it.each([
      [serverError('57P01', 'terminating connection due to administrator command'), 'unavailable'],
      [serverError('57P03', 'the database system is starting up'), 'unavailable'],
      [serverError('28P01', 'password authentication failed for user "cim"'), 'unavailable'],
      [serverError('3D000', 'database "x" does not exist'), 'unavailable'],
      [serverError('55P03', 'canceling statement due to lock timeout'), 'unavailable'],
      [serverError('57014', 'canceling statement due to statement timeout'), 'deadline-exceeded'],
      [serverError('40001'), 'conflict'],
      [serverError('23505', 'duplicate key', 'events_stream_revision'), 'invalid-write'],
      [serverError('22P02', 'invalid input syntax for type json'), 'invalid-write'],
      [serverError('42P01', 'relation does not exist'), 'unknown'],
      [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }), 'unavailable'],
      [new Error('Connection terminated unexpectedly'), 'unavailable'],
      [new Error('SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string'), 'unavailable'],
      [new TypeError('something else'), 'unknown'],
    ])('%s is %s', (error, kind) => {
      expect(kindOfPgError(error)).toBe(kind);
    });

    it('keeps the SQLSTATE and takes the password out of the message', () => {
      const url = 'postgres://cim:Tr1cky%40pw@db:5432/x';
      const error = fromPgError(serverError('28P01', 'password Tr1cky@pw was wrong for postgres://cim:Tr1cky%40pw@db:5432/x'), 'connecting', postgresRedactor(url));
      expect(error).toMatchObject({ kind: 'unavailable', sqlState: '28P01' });
      expect(error.message).not.toMatch(/Tr1cky/);
      expect(error.message).toContain('postgres://db:5432/x');
    });
  });

  describe('when a connection string is shown', () => {
    it.each([
      ['postgres://cim:pw@db:5432/x', 'postgres://db:5432/x'],
      ['postgresql://cim@db/x?sslmode=require&password=pw&sslpassword=k', 'postgresql://db/x?sslmode=require'],
      ['postgres://cim:p@ss/w@rd@db/x?schema=s', 'postgres://db/x?schema=s'],
      ['postgres://db/x', 'postgres://db/x'],
    ])('%s reads %s', (url, shown) => {
      expect(maskPostgresUrl(url)).toBe(shown);
    });

    it('splits off the schema parameter the driver does not know', () => {
      expect(splitSchema('postgres://db/x?schema=s&sslmode=require')).toEqual({ connectionString: 'postgres://db/x?sslmode=require', schema: 's' });
      expect(splitSchema('postgres://db/x?schema=s')).toEqual({ connectionString: 'postgres://db/x', schema: 's' });
      expect(splitSchema('postgres://db/x')).toEqual({ connectionString: 'postgres://db/x' });
    });
  });
});
