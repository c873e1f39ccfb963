// Runs the compiled example (built by `tsc -b`, against the built packages) as an embedder runs it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const compiled = fileURLToPath(new URL('./dist/index.js', import.meta.url));

describe('a new policy version (examples/new-policy-version)', () => {
  const run = spawnSync(process.execPath, [compiled], { encoding: 'utf8' });

  it('judges the case received before V5 under V4 and the one received after under V5, on Scotland’s working days', () => {
    expect(existsSync(compiled), `${compiled} is missing: run pnpm build && tsc -b`).toBe(true);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.stdout).toBe(
      [
        'CX097-V4 in force from 2024-01-01T00:00:00Z: england-and-wales, acknowledgement 5, response 20',
        'CX097-V5 in force from 2025-11-17T00:00:00Z: scotland, acknowledgement 3, response 15',
        'CIM-2025-0901 received 2025-11-14T10:00:00Z: judged under CX097-V4, england-and-wales working days',
        '  acknowledgement within 5: due 2025-11-21, met',
        '  response within 20: due 2025-12-12, met',
        'CIM-2025-0902 received 2025-11-17T10:00:00Z: judged under CX097-V5, scotland working days',
        // acknowledged on the 4th working day: in time under V4, late under V5
        '  acknowledgement within 3: due 2025-11-20, missed',
        // 15 Scottish working days skip Monday 1 December (St Andrew's Day, 30 November falling on a Sunday)
        '  response within 15: due 2025-12-09, met',
        'CIM-2025-0902’s response on england-and-wales working days would be due 2025-12-08',
        '  Scotland alone stops on 2025-12-01: St Andrew’s Day (substitute day)',
        '',
      ].join('\n'),
    );
  });
});
