// The HTTP service end to end: a real server on a free localhost port, over a new SQLite store in
// a temporary folder, spoken to over HTTP as any client would.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCommandHandler, type EventStore } from '@cim-complaints/core';
import { createSqliteEventStore } from '@cim-complaints/sqlite';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start, type Running } from '../src/server.js';

const dir = mkdtempSync(join(tmpdir(), 'cim-embed-http-'));
const storePath = join(dir, 'complaints.db');
let running: Running;

beforeAll(async () => {
  running = await start(0, { store: storePath }, { log: () => undefined });
});
afterAll(async () => {
  await running?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly body: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const call = async (method: string, path: string, options: { json?: unknown; body?: string | Buffer; contentType?: string | null } = {}): Promise<Answer> => {
  const body = options.json !== undefined ? JSON.stringify(options.json) : options.body;
  const contentType = options.contentType === undefined ? (body === undefined ? undefined : 'application/json') : options.contentType;
  const res = await fetch(`${running.url}${path}`, {
    method,
    ...(body === undefined ? {} : { body }),
    headers: contentType === undefined || contentType === null ? {} : { 'content-type': contentType },
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: text === '' ? {} : JSON.parse(text) };
};
const post = (command: unknown) => call('POST', '/commands', { json: command });

const COMPLAINANT = { name: 'Alex Morgan', email: 'alex@example.org', phone: '+44 7700 900123', relationship: 'member' };
const THIRD_PARTY = { name: 'Jamie Rivers', relationship: 'solicitor', contact: 'jamie.rivers@example.net' };
const PERSONAL = [COMPLAINANT.name, COMPLAINANT.email, COMPLAINANT.phone, THIRD_PARTY.name, THIRD_PARTY.contact];

const manager = { id: 'u-7', role: 'quality-and-complaints-manager' };
const cmd = (complaintId: string, commandId: string, type: string, at: string, fields: Record<string, unknown>) => ({
  type,
  complaintId,
  commandId,
  at,
  actor: manager,
  ...fields,
});

const id = 'CIM-2025-0001';
const receive = cmd(id, `${id}/1`, 'ReceiveComplaint', '2025-06-02T09:30:00+01:00', {
  channel: 'email',
  businessArea: 'membership',
  summary: 'Renewal charged twice',
  complainant: COMPLAINANT,
});
const acknowledge = cmd(id, `${id}/2`, 'AcknowledgeComplaint', '2025-06-03T10:00:00+01:00', { channel: 'email' });
const assign = cmd(id, `${id}/3`, 'AssignComplaint', '2025-06-03T10:05:00+01:00', { department: 'Membership', manager: { id: 'm-7', name: 'Priya Shah' } });
const respond = cmd(id, `${id}/4`, 'IssueResponse', '2025-06-09T15:00:00+01:00', {
  outcome: 'upheld',
  findings: 'A payment retry took it twice; refunded.',
  actions: [{ actionId: 'refund-1', description: 'Refund the duplicate payment', owner: 'Finance', dueOn: '2025-06-16' }],
});

/** Every event the store holds, read from the file by a second, read-only connection. */
const storedEventCount = async (): Promise<number> => {
  const reader = createSqliteEventStore({ path: storePath, readOnly: true });
  if (E.isLeft(reader)) throw new Error(reader.left.message);
  try {
    const page = await reader.right.readAll({ maxCount: 10_000 })();
    if (E.isLeft(page)) throw new Error(page.left.message);
    return page.right.events.length;
  } finally {
    await reader.right.close?.();
  }
};

const expectNoPersonalData = (answer: Answer) => {
  for (const text of PERSONAL) expect(answer.text, `the body names ${text}`).not.toContain(text);
};

describe('a complaint through its lifecycle, over HTTP', () => {
  it('receives it: 201 with the stream, the revision and the event written', async () => {
    const answer = await post(receive);
    expect(answer.status).toBe(201);
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(answer.body).toMatchObject({
      complaintId: id,
      streamId: `complaint-${id}`,
      revision: 0,
      alreadyApplied: false,
      status: 'received',
      events: [{ type: 'ComplaintReceived', revision: 0, eventId: expect.any(String) }],
    });
    expectNoPersonalData(answer);
  });

  it('shows it in the open caseload, awaiting its acknowledgement', async () => {
    const answer = await call('GET', '/complaints?status=open&asOf=2025-06-02T12:00:00%2B01:00');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ asOf: '2025-06-02T12:00:00+01:00', total: 1, byStatus: { received: 1 }, problems: [] });
    expect(answer.body['cases'][0]).toMatchObject({ complaintId: id, status: 'received', handler: null, acknowledgement: { status: 'pending', dueDate: '2025-06-09' } });
    expectNoPersonalData(answer);
  });

  it('acknowledges, assigns and responds: revisions 1, 2 and 3', async () => {
    const answers = [];
    for (const command of [acknowledge, assign, respond]) answers.push(await post(command));
    expect(answers.map((a) => [a.status, a.body['revision'], a.body['events'].map((e: { type: string }) => e.type), a.body['status']])).toEqual([
      [201, 1, ['ComplaintAcknowledged'], 'acknowledged'],
      [201, 2, ['ComplaintAssigned'], 'acknowledged'],
      [201, 3, ['ResponseIssued'], 'responded'],
    ]);
  });

  it('serves the caseload as the projections read it: the case responded, with its handler and targets', async () => {
    const answer = await call('GET', '/complaints?status=open&asOf=2025-06-30T17:00:00%2B01:00');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ total: 1, stalled: 0, byStatus: { responded: 1 } });
    expect(answer.body['cases']).toEqual([
      expect.objectContaining({
        complaintId: id,
        status: 'responded',
        businessArea: 'membership',
        handler: { id: 'm-7', name: 'Priya Shah', department: 'Membership' },
        acknowledgement: expect.objectContaining({ status: 'met', dueDate: '2025-06-09' }),
        stalled: false,
      }),
    ]);
    // `status` defaults to open; the caseload before the receipt is empty
    const before = await call('GET', '/complaints?asOf=2025-06-01T00:00:00Z');
    expect(before.body).toMatchObject({ total: 0, cases: [] });
  });

  it('serves the SLA as evaluateSla gives it', async () => {
    const answer = await call('GET', `/complaints/${id}/sla?asOf=2025-06-30T17:00:00%2B01:00`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      complaintId: id,
      policy: 'CX097-V4',
      asOf: '2025-06-30T17:00:00+01:00',
      receivedAt: '2025-06-02T09:30:00+01:00',
      targets: { acknowledgement: { status: 'met', dueDate: '2025-06-09' } },
    });
    expect(answer.body['openings']).toHaveLength(1);
    expectNoPersonalData(answer);
  });

  it('answers a retried command (same commandId, same body) with what it wrote then, 200, writing nothing', async () => {
    const before = await storedEventCount();
    const first = await post(receive);
    const again = await post(acknowledge);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ alreadyApplied: true, revision: 0, events: [{ type: 'ComplaintReceived', revision: 0 }] });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ alreadyApplied: true, revision: 1, events: [{ type: 'ComplaintAcknowledged', revision: 1 }] });
    expect(await storedEventCount()).toBe(before);
  });
});

describe('errors', () => {
  it('400 for a body that is not JSON, without quoting it', async () => {
    const answer = await call('POST', '/commands', { body: '{"type":"ReceiveComplaint","complainant":{"name":"Alex Morgan",' });
    expect(answer.status).toBe(400);
    expect(answer.body['error']).toMatchObject({ code: 'invalid-json', problems: [{ path: '', message: expect.stringMatching(/^the body is not JSON/) }] });
    expectNoPersonalData(answer);
    const empty = await call('POST', '/commands', { body: '' });
    expect(empty.body['error']).toMatchObject({ code: 'invalid-json', message: 'the body is empty' });
    const notUtf8 = await call('POST', '/commands', { body: Buffer.from([0x7b, 0xff, 0x7d]) });
    expect(notUtf8.body['error']).toMatchObject({ code: 'invalid-utf8' });
  });

  it('400 naming every problem of a bad command, by path, never quoting personal data', async () => {
    const answer = await post({
      ...cmd('CIM-2025-0002', 'c2/1', 'ReceiveComplaint', '2025-06-02T09:30:00+01:00', { channel: 'email', businessArea: 'membership', summary: 'x' }),
      complainant: { name: 'Alex Morgan', email: ['alex@example.org'], phone: 7700900123, relationship: 'friend', nickname: 'Al' },
      at: 'yesterday',
    });
    expect(answer.status).toBe(400);
    expect(answer.body['error']['code']).toBe('invalid-command');
    const problems = answer.body['error']['problems'] as { path: string; message: string }[];
    expect(problems.map((p) => p.path).sort()).toEqual(['at', 'complainant.email', 'complainant.nickname', 'complainant.phone', 'complainant.relationship']);
    expect(problems).toContainEqual({ path: 'complainant.email', message: 'expected NonEmptyString, got an array of 1 item' });
    expect(problems).toContainEqual({ path: 'complainant.phone', message: 'expected NonEmptyString, got a number' });
    // values that are not personal are still quoted, as the core quotes them
    expect(problems).toContainEqual({ path: 'complainant.relationship', message: 'expected Relationship, got "friend"' });
    expect(answer.body['error']['message']).toContain('complainant.relationship: expected Relationship');
    expectNoPersonalData(answer);
    expect(answer.text).not.toContain('7700900123');
    expect(await call('GET', '/complaints/CIM-2025-0002/sla')).toMatchObject({ status: 404 });
  });

  it('400 for a command that breaks an input limit, and for a JSON value that is no command', async () => {
    const long = await post({ ...acknowledge, commandId: 'k'.repeat(129) });
    expect(long.status).toBe(400);
    expect(long.body['error']['problems']).toEqual([{ path: 'commandId', message: 'an identifier may be at most 128 characters, got 129' }]);
    const list = await post(['Alex Morgan']);
    expect(list.status).toBe(400);
    expect(list.body['error']['problems']).toEqual([{ path: '', message: 'expected a JSON object (a command), got an array' }]);
  });

  it('409 for a command id reused with another body', async () => {
    const answer = await post({ ...acknowledge, channel: 'phone' });
    expect(answer.status).toBe(409);
    expect(answer.body['error']).toMatchObject({ code: 'command-id-reused', details: { commandId: acknowledge.commandId, streamId: `complaint-${id}` } });
  });

  it('422 with the code and message the core gives for a command the policy refuses', async () => {
    const answer = await post({ ...acknowledge, commandId: `${id}/ack-again`, at: '2025-06-04T10:00:00+01:00' });
    expect(answer.status).toBe(422);
    expect(answer.body['error']['code']).toBe('already-acknowledged');
    expect(answer.body['error']['message']).toContain(id);
    const future = await post({ ...acknowledge, commandId: `${id}/future`, at: '2999-01-01T00:00:00Z' });
    expect(future.status).toBe(422);
    expect(future.body['error']).toMatchObject({ code: 'command-in-future', details: { at: '2999-01-01T00:00:00Z' } });
  });

  it('422 without the names the core puts in a refusal: a third party authorised twice', async () => {
    const authorise = cmd(id, `${id}/tp-1`, 'AuthoriseThirdParty', '2025-06-10T09:00:00+01:00', {
      party: THIRD_PARTY,
      evidence: 'Signed authority form',
      scope: 'All correspondence',
    });
    expect((await post(authorise)).status).toBe(201);
    const twice = await post({ ...authorise, commandId: `${id}/tp-2`, at: '2025-06-11T09:00:00+01:00' });
    expect(twice.status).toBe(422);
    expect(twice.body['error']['code']).toBe('third-party-already-authorised');
    expect(twice.body['error']['message']).toMatch(/^the third party named in party.name is already authorised/);
    expectNoPersonalData(twice);
    // a name only the store knows (the caller names nobody) is kept out as well
    const letter = cmd(id, `${id}/tp-3`, 'WithdrawThirdPartyAuthorisation', '2025-06-12T09:00:00+01:00', { partyName: 'Nobody Known' });
    const unknownParty = await post(letter);
    expect(unknownParty.status).toBe(422);
    expect(unknownParty.body['error']['code']).toBe('third-party-not-authorised');
    expect(unknownParty.text).not.toContain('Nobody Known');
  });

  it('413 for a body over the size limit, declared or streamed', async () => {
    const big = JSON.stringify({ ...receive, summary: 'x'.repeat(1024 * 1024) });
    const declared = await call('POST', '/commands', { body: big });
    expect(declared.status).toBe(413);
    expect(declared.body['error']).toEqual({ code: 'body-too-large', message: 'the body may be at most 1048576 bytes' });
    const streamed = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const url = new URL('/commands', running.url);
      const req = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c: string) => (body += c)).on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      for (let i = 0; i < 20; i += 1) req.write('x'.repeat(64 * 1024));
      req.end();
    });
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body)).toMatchObject({ error: { code: 'body-too-large' } });
  });

  it('415 for a body that is not said to be JSON', async () => {
    for (const contentType of ['text/plain', null, 'application/json; charset=latin1', 'application/x-www-form-urlencoded']) {
      const answer = await call('POST', '/commands', { body: JSON.stringify(acknowledge), contentType });
      expect(answer.status, String(contentType)).toBe(415);
      expect(answer.body['error']['code']).toBe('unsupported-media-type');
    }
    expect((await call('POST', '/commands', { json: acknowledge, contentType: 'Application/JSON; Charset=UTF-8' })).status).toBe(200);
  });

  it('405 with Allow for a method a resource does not take', async () => {
    const cases: [string, string, string][] = [
      ['GET', '/commands', 'POST'],
      ['PUT', '/commands', 'POST'],
      ['POST', '/complaints', 'GET'],
      ['DELETE', `/complaints/${id}/sla`, 'GET'],
    ];
    for (const [method, path, allow] of cases) {
      const answer = await call(method, path);
      expect([method, path, answer.status, answer.headers.get('allow'), answer.body['error']['code']]).toEqual([method, path, 405, allow, 'method-not-allowed']);
    }
  });

  it('404 for an unknown complaint and an unknown path', async () => {
    const unknown = await call('GET', '/complaints/CIM-2099-9999/sla');
    expect(unknown.status).toBe(404);
    expect(unknown.body['error']).toEqual({ code: 'unknown-complaint', message: 'no complaint CIM-2099-9999' });
    for (const path of ['/', '/nope', `/complaints/${id}`, `/complaints/${id}/sla/x`, '/commands/1']) {
      expect((await call('GET', path)).status, path).toBe(404);
    }
  });

  it('400 for a query it cannot answer', async () => {
    const cases: [string, string][] = [
      ['/complaints?status=closed', 'status'],
      ['/complaints?asOf=yesterday', 'asOf'],
      ['/complaints?status=open&sort=urgency', 'sort'],
      [`/complaints/${id}/sla?asOf=2025-06-30`, 'asOf'],
      [`/complaints/${'k'.repeat(200)}/sla`, 'complaintId'],
    ];
    for (const [path, problem] of cases) {
      const answer = await call('GET', path);
      expect([path, answer.status, answer.body['error']['problems'][0]['path']]).toEqual([path, 400, problem]);
    }
  });
});

describe('a conflict that survives the retries', () => {
  it('is 409, and writes nothing of the command', async () => {
    const other = mkdtempSync(join(tmpdir(), 'cim-embed-http-race-'));
    let raced = 0;
    // another writer wins every race: it appends to the complaint between the handler's read and its append
    const competing = (store: EventStore): EventStore => {
      const rival = createCommandHandler({ store, clock: () => new Date().toISOString() });
      return {
        ...store,
        appendToStream: (streamId, expected, envelopes) => async () => {
          if (envelopes[0]?.type !== 'ComplaintReceived') {
            raced += 1;
            const won = await rival(cmd('C-RACE', `rival-${raced}`, 'RecordCorrespondence', '2025-06-02T11:00:00+01:00', { direction: 'inbound', party: 'complainant', channel: 'email', summary: 'Any news?' }))();
            if (E.isLeft(won)) throw new Error(won.left.message);
          }
          return store.appendToStream(streamId, expected, envelopes)();
        },
      };
    };
    const raceServer = await start(0, { store: join(other, 'race.db') }, { maxAttempts: 3, decorateStore: competing, log: () => undefined });
    try {
      const at = (path: string, body: unknown) =>
        fetch(`${raceServer.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: (await r.json()) as Answer['body'] }));
      expect((await at('/commands', { ...receive, complaintId: 'C-RACE', commandId: 'race/1' })).status).toBe(201);
      const lost = await at('/commands', { ...acknowledge, complaintId: 'C-RACE', commandId: 'race/2' });
      expect(lost.status).toBe(409);
      expect(lost.body.error).toMatchObject({ code: 'store-conflict', details: { streamId: 'complaint-C-RACE' } });
      expect(lost.body.error.message).toContain('after 3 conflicting attempts');
      expect(raced).toBe(3);
      const sla = (await fetch(`${raceServer.url}/complaints/C-RACE/sla?asOf=2025-06-30T00:00:00Z`).then((r) => r.json())) as Answer['body'];
      expect(sla.targets.acknowledgement.status).toBe('overdue'); // never acknowledged
      const reader = createSqliteEventStore({ path: join(other, 'race.db'), readOnly: true });
      if (E.isLeft(reader)) throw new Error(reader.left.message);
      const stream = await reader.right.readStream('complaint-C-RACE')();
      await reader.right.close?.();
      // the receipt and the rival's three letters: nothing of the acknowledgement
      expect(E.isRight(stream) && stream.right.events.map((e) => e.event.type)).toEqual(['ComplaintReceived', ...Array(3).fill('CorrespondenceReceived')]);
    } finally {
      await raceServer.close();
      rmSync(other, { recursive: true, force: true });
    }
  });
});

describe('personal data at rest', () => {
  it('is sealed: no name, email, phone or contact sent appears in the SQLite file’s bytes', async () => {
    const files = ['complaints.db', 'complaints.db-wal'].map((f) => join(dir, f)).filter((f) => existsSync(f));
    const raw = Buffer.concat(files.map((f) => readFileSync(f)));
    expect(raw.includes(Buffer.from('ComplaintReceived'))).toBe(true); // the events are there, readable
    for (const text of PERSONAL) expect(raw.includes(Buffer.from(text)), text).toBe(false);
    expect(existsSync(join(dir, 'complaints.keys.db'))).toBe(true);
  });
});

describe('closing', () => {
  it('stops listening and closes the store (its write-ahead log is folded back and removed)', async () => {
    await running.close();
    await running.close(); // idempotent
    await expect(fetch(`${running.url}/complaints`)).rejects.toThrow();
    expect(existsSync(join(dir, 'complaints.db-wal'))).toBe(false);
  });
});
