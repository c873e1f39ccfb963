import { describe, expect, it } from 'vitest';
import { run } from '../src/program.js';

const cli = async (...args: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
  return { code, stdout: out.join(''), stderr: err.join('') };
};

describe('cim-complaints (in-process)', () => {
  describe('calendar holidays', () => {
    it('lists Scotland’s 2026 bank holidays as JSON, the World Cup day included', async () => {
      const { code, stdout, stderr } = await cli('calendar', 'holidays', '--calendar', 'scotland', '--year', '2026', '--json');
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      const rows = JSON.parse(stdout) as { date: string; name: string }[];
      expect(rows.map((r) => r.date)).toEqual([
        '2026-01-01', '2026-01-02', '2026-04-03', '2026-05-04', '2026-05-25', '2026-06-15', '2026-08-03', '2026-11-30', '2026-12-25', '2026-12-28',
      ]);
      expect(rows[5]).toEqual({ date: '2026-06-15', name: 'World Cup bank holiday' });
      expect(rows[9]).toEqual({ date: '2026-12-28', name: 'Boxing Day (substitute day)' });
    });
    it('prints a readable table without --json', async () => {
      const { code, stdout } = await cli('calendar', 'holidays', '--calendar', 'england-and-wales', '--year', '2020');
      expect(code).toBe(0);
      expect(stdout).toContain('Bank holidays, England and Wales (england-and-wales), 2020: 8');
      expect(stdout).toContain('  2020-05-08  Fri  Early May bank holiday (VE day)\n');
    });
  });

  describe('deadlines', () => {
    it('gives the JSON of the issue for a Saturday receipt', async () => {
      const { code, stdout } = await cli('deadlines', '--received', '2025-06-07T10:00:00+01:00', '--json');
      expect(code).toBe(0);
      expect(JSON.parse(stdout)).toEqual({
        policy: 'CX097-V4',
        calendar: 'england-and-wales',
        effectiveReceiptDate: '2025-06-09',
        acknowledgement: { dueDate: '2025-06-16', dueAt: '2025-06-16T23:59:59.999+01:00' },
        response: { dueDate: '2025-07-07', dueAt: '2025-07-07T23:59:59.999+01:00' },
      });
    });
    it('uses another calendar when asked: Scotland skips 15 June 2026', async () => {
      const args = ['deadlines', '--received', '2026-06-09T10:00:00+01:00', '--policy', 'CX097-V4', '--json'];
      expect(JSON.parse((await cli(...args, '--calendar', 'scotland')).stdout).acknowledgement.dueDate).toBe('2026-06-17');
      expect(JSON.parse((await cli(...args)).stdout).acknowledgement.dueDate).toBe('2026-06-16');
    });
    it('explains the count in words without --json', async () => {
      const { stdout } = await cli('deadlines', '--received', '2025-06-07T10:00:00+01:00');
      expect(stdout).toContain('Counting from 2025-06-09 (2025-06-07 is not a working day) as day 0');
      expect(stdout).toContain('Acknowledgement (5 working days): due 2025-06-16, by 2025-06-16T23:59:59.999+01:00');
    });
  });

  describe('when the arguments are bad', () => {
    it.each([
      [['calendar', 'holidays', '--calendar', 'wales', '--year', '2026'], 'cim-complaints: --calendar: unknown calendar "wales"; known: england-and-wales, scotland, northern-ireland\n'],
      [['calendar', 'holidays', '--calendar', 'scotland', '--year', '2101'], 'cim-complaints: --year must be a four-digit year from 2000 to 2100, got "2101"\n'],
      [['calendar', 'holidays', '--calendar', 'scotland', '--year', '20x6'], 'cim-complaints: --year must be a four-digit year from 2000 to 2100, got "20x6"\n'],
      [['deadlines', '--received', '2025-02-30T10:00:00Z'], 'cim-complaints: --received must be an ISO-8601 instant with an offset, e.g. 2025-06-02T09:30:00+01:00 or 2025-06-02T08:30:00Z, got "2025-02-30T10:00:00Z"\n'],
      [['deadlines', '--received', '2025-06-07T10:00:00'], 'cim-complaints: --received must be an ISO-8601 instant with an offset, e.g. 2025-06-02T09:30:00+01:00 or 2025-06-02T08:30:00Z, got "2025-06-07T10:00:00"\n'],
      [['deadlines', '--received', '1999-06-07T10:00:00Z'], 'cim-complaints: --received: date 1999-06-07 is outside the calendar range 2000-01-01 to 2102-12-31\n'],
      [['deadlines', '--received', '2025-06-07T10:00:00Z', '--policy', 'CX097-V9'], 'cim-complaints: --policy: unknown policy "CX097-V9"; known: CX097-V4\n'],
    ])('%j: one clear line on stderr, exit 2', async (args, message) => {
      const { code, stdout, stderr } = await cli(...args);
      expect({ code, stdout, stderr }).toEqual({ code: 2, stdout: '', stderr: message });
    });
    it('names a missing required option', async () => {
      const { code, stderr } = await cli('calendar', 'holidays', '--year', '2026');
      expect(code).toBe(2);
      expect(stderr).toContain("cim-complaints: required option '--calendar <id>' not specified");
    });
    it('rejects an unknown command', async () => {
      const { code, stderr } = await cli('calender');
      expect(code).toBe(2);
      expect(stderr).toContain("cim-complaints: unknown command 'calender'");
    });
  });

  describe('--help', () => {
    it.each([[['--help']], [['calendar', '--help']], [['calendar', 'holidays', '--help']], [['deadlines', '--help']], [['exec', '--help']], [['replay', '--help']], [['report', '--help']], [['demo', '--help']]])('%j prints usage and exits 0', async (args) => {
      const { code, stdout } = await cli(...args);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^Usage: cim-complaints/);
    });
  });
});
