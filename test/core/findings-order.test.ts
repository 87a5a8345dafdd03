/**
 * The report's order of findings: level, kind, then the subject in natural order. The subject
 * comparison takes a shortcut for keys that differ only in their closing number; it must order
 * every pair as the collator does.
 */
import { compareSubjectKeys, finding, sortFindings, FINDING_KINDS, subjectKey, type Finding, type FindingSubject } from '../../src/core/findings';
import { prng } from '../../dev/prng';

const collator = new Intl.Collator('en', { numeric: true }).compare;
const sign = (n: number) => Math.sign(n);

const KEYS = [
  '', 'issue:A-1', 'issue:A-2', 'issue:A-9', 'issue:A-10', 'issue:A-01', 'issue:A-001', 'issue:A-0', 'issue:A-00', 'issue:a-2', 'issue:AB-1', 'issue:A1-1',
  'issue:B-1', 'issue:A-', 'issue:A', 'issue:A-1a', 'issue:ÄB-3', 'issue:A-9007199254740993', 'issue:A-9007199254740992', 'issue:A-99999999999999999999',
  'issue:A_B-12', 'issue:A-B-12', 'issue:X1', 'issue:X10', 'issue:X2', 'sprint:7', 'sprint:70', 'sprint:-7', 'version:10010', 'version:9', 'version:1.2',
  'issue:TINY-3', 'issue:TINY-30', 'issue:TINY-300', 'issue:ТИНИ-4', 'issue:A-１２', 'issue:A-12',
];

describe('the order of findings', () => {
  it('orders every pair of subjects as the collator does', () => {
    const wrong: string[] = [];
    for (const a of KEYS) for (const b of KEYS) if (sign(compareSubjectKeys(a, b)) !== sign(collator(a, b))) wrong.push(`${a} vs ${b}`);
    expect(wrong).toEqual([]);
  });

  it('orders random issue keys of many projects as the collator does', () => {
    const random = prng(7);
    const keys = Array.from({ length: 400 }, () => `issue:${['A', 'AB', 'B', 'TINY', 'X_1'][Math.floor(random() * 5)]}-${Math.floor(random() ** 3 * 100000)}`);
    const wrong = keys.flatMap((a) => keys.filter((b) => sign(compareSubjectKeys(a, b)) !== sign(collator(a, b))).map((b) => `${a} vs ${b}`));
    expect(wrong).toEqual([]);
  });

  it('sorts by level, then kind, then subject, keeping the order of equals', () => {
    const random = prng(11);
    const findings: Finding[] = Array.from({ length: 300 }, (_, i) => {
      const kind = FINDING_KINDS[Math.floor(random() * FINDING_KINDS.length)]!;
      const level = (1 + Math.floor(random() * 5)) as Finding['level'];
      const pick = random();
      const subject: FindingSubject = pick < 0.6 ? { issueKey: `T-${Math.floor(random() * 50)}` } : pick < 0.8 ? { sprintId: Math.floor(random() * 20) } : pick < 0.9 ? { versionId: String(Math.floor(random() * 20)) } : {};
      return finding(kind, level, subject, `message ${i}`);
    });
    const expected = [...findings].sort((a, b) => a.level - b.level || FINDING_KINDS.indexOf(a.kind) - FINDING_KINDS.indexOf(b.kind) || collator(subjectKey(a), subjectKey(b)));
    const sorted = [...findings];
    sortFindings(sorted);
    expect(sorted.map((f) => f.message)).toEqual(expected.map((f) => f.message));
  });
});
