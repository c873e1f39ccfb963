/**
 * Commands through a handler into an in-memory store, one command at a time in the order they
 * happened. Baseline: Emmett's `DeciderCommandHandler` and `getInMemoryEventStore`, given this
 * library's own `decodeCommand`, `decide` and `evolve`. Subject: `createCommandHandler` on the
 * in-memory store (which also stamps metadata, chains digests and proves each event reads back).
 */
import { DeciderCommandHandler, getInMemoryEventStore, type Command, type Event } from '@event-driven-io/emmett';
import type { DemoPlan } from '@cim-complaints/cli';
import { complaintDecider, createCommandHandler, createInMemoryEventStore, decodeCommand, type ComplaintCommand, type ComplaintEvent, type ComplaintState } from '@cim-complaints/core';
import * as E from 'fp-ts/lib/Either.js';
import { compare, type Comparison } from '../measure.js';

type EmmettCommand = Command<string, { readonly command: ComplaintCommand }>;
type EmmettEvent = Event<string, Record<string, unknown>>;

class Refused extends Error {}

const recordedAt = (at: string, minutes: number): string => new Date(Date.parse(at) + minutes * 60_000).toISOString();

/** Emmett's handler with this library's decider; a rejection throws, as Emmett's deciders do. */
export const runEmmett = async (plan: DemoPlan): Promise<number> => {
  const store = getInMemoryEventStore();
  const handle = DeciderCommandHandler<ComplaintState, EmmettCommand, EmmettEvent>({
    decide: (command, state) => {
      const decided = complaintDecider.decide(command.data.command, state);
      if (E.isLeft(decided)) throw new Refused(decided.left.message);
      return decided.right as unknown as EmmettEvent[];
    },
    evolve: (state, event) => complaintDecider.evolve(state, event as unknown as ComplaintEvent),
    initialState: () => complaintDecider.initialState,
    mapToStreamId: (id) => `complaint-${id}`,
  });
  let applied = 0;
  for (const planned of plan.commands) {
    const decoded = decodeCommand(planned.command);
    if (E.isLeft(decoded)) continue;
    try {
      await handle(store, decoded.right.complaintId, { type: decoded.right.type, data: { command: decoded.right } });
      applied += 1;
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
    }
  }
  return applied;
};

export const runLibrary = async (plan: DemoPlan): Promise<number> => {
  const opened = createInMemoryEventStore();
  if (E.isLeft(opened)) throw new Error(opened.left.message);
  let now = '';
  const handle = createCommandHandler({ store: opened.right, clock: () => now });
  let applied = 0;
  for (const planned of plan.commands) {
    now = recordedAt(planned.command.at, planned.recordedAfterMinutes);
    const result = await handle(planned.command)();
    if (E.isRight(result)) applied += 1;
    else if (result.left._tag === 'StoreError') throw new Error(result.left.message);
  }
  return applied;
};

export const handlerSuite = async (plan: DemoPlan, repetitions: number): Promise<Comparison> => {
  // both must accept the same commands, or the comparison is of different work
  const [emmett, library] = [await runEmmett(plan), await runLibrary(plan)];
  if (emmett !== library) throw new Error(`Emmett applied ${emmett} commands and the library ${library}: not the same work`);
  return compare(
    { name: 'Emmett 0.42 DeciderCommandHandler + getInMemoryEventStore (same decide/evolve/decodeCommand)', run: () => runEmmett(plan) },
    { name: 'createCommandHandler + in-memory store', run: () => runLibrary(plan) },
    repetitions,
  );
};
