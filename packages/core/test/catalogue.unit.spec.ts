import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commandCodecs, eventCodecs, fieldsOf, renderCatalogue } from '@cim-complaints/core';

describe('event catalogue', () => {
  it('docs/event-catalogue.md is what the codecs say (run `pnpm docs:generate` after changing an event)', () => {
    const onDisk = readFileSync(new URL('../../../docs/event-catalogue.md', import.meta.url), 'utf8');
    expect(onDisk).toBe(renderCatalogue());
  });

  it('documents every event and command type with its fields', () => {
    const text = renderCatalogue();
    for (const type of [...Object.keys(eventCodecs), ...Object.keys(commandCodecs)]) expect(text).toContain(`### ${type}\n`);
    expect(fieldsOf(eventCodecs.ComplaintReceived.props.data).map((f) => f.path)).toEqual(
      expect.arrayContaining(['complaintId', 'at', 'channel', 'complainant.name', 'complainant.relationship', 'policy', 'studyCentre.ownProcedureCompletedOn']),
    );
  });
});
