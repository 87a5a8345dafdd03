/**
 * The bounded JQL subset the emulator understands — what the app sends, and what the panel
 * and tests need:
 *   project = KEY | project in (A, B)
 *   issuekey|key = K | in (K1, K2) ; parent = K | in (...)
 *   issuekey|key >= K | > K | <= K | < K     (K a key such as PROJ-123: the issues of K's project
 *                                             whose number compares so, as Jira compares keys
 *                                             within a project; K's issue need not exist)
 *   statusCategory = V | != V | in (...) | not in (...)   (V: "To Do", "In Progress", "Done", new, indeterminate, done, 2, 4, 3)
 *   updated|created >= N | > N | <= N | < N   (N unquoted: milliseconds since the epoch, which Jira
 *                                             reads without a time zone; quoted dates are refused)
 *   clauses joined by AND; ORDER BY key|issuekey|created|updated [ASC|DESC], …
 * Anything else is a JqlError, which the server answers with 400 in Jira's error shape.
 */

export class JqlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JqlError';
  }
}

type JqlField = 'project' | 'key' | 'parent' | 'statusCategory';
interface JqlClause {
  field: JqlField;
  /** '=' and 'in' keep; '!=' and 'not in' exclude. */
  negated: boolean;
  values: string[];
}
/** updated|created >= N (and >, <=, <): N unquoted is milliseconds since the epoch, as Jira reads it. */
interface JqlTimeClause {
  field: 'updated' | 'created';
  op: '>=' | '>' | '<=' | '<';
  epochMs: number;
}
/** key >= PROJ-N (and >, <=, <): the issues of PROJ whose key number compares so with N. */
interface JqlKeyRange {
  op: '>=' | '>' | '<=' | '<';
  projectKey: string;
  number: number;
}
export interface JqlOrder {
  field: 'key' | 'created' | 'updated';
  direction: 'ASC' | 'DESC';
}
export interface JqlQuery {
  clauses: JqlClause[];
  times: JqlTimeClause[];
  keyRanges: JqlKeyRange[];
  orderBy: JqlOrder[];
}

type Token = { kind: 'word' | 'string' | 'symbol'; text: string; at: number };

function tokenize(jql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < jql.length) {
    const c = jql[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"' || c === "'") {
      const start = i;
      let text = '';
      i++;
      while (i < jql.length && jql[i] !== c) {
        if (jql[i] === '\\' && i + 1 < jql.length) i++;
        text += jql[i];
        i++;
      }
      if (i >= jql.length) throw new JqlError(`Error in the JQL Query: The quoted string starting at character ${start + 1} is not closed.`);
      i++;
      tokens.push({ kind: 'string', text, at: start });
    } else if ((c === '!' || c === '<' || c === '>') && (jql[i + 1] === '=' || (c === '!' && jql[i + 1] === '~'))) {
      tokens.push({ kind: 'symbol', text: c + jql[i + 1]!, at: i });
      i += 2;
    } else if ('=(),~<>'.includes(c)) {
      tokens.push({ kind: 'symbol', text: c, at: i });
      i++;
    } else if (/[A-Za-z0-9_\-.]/.test(c)) {
      const start = i;
      while (i < jql.length && /[A-Za-z0-9_\-.]/.test(jql[i]!)) i++;
      tokens.push({ kind: 'word', text: jql.slice(start, i), at: start });
    } else {
      throw new JqlError(`Error in the JQL Query: The character '${c}' is a reserved JQL character (at character ${i + 1}).`);
    }
  }
  return tokens;
}

/** Own keys only: a name like "constructor" or "__proto__" is no field. */
function lookup<T>(table: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}

const FIELDS: Record<string, JqlField> = {
  project: 'project',
  issuekey: 'key',
  key: 'key',
  parent: 'parent',
  statuscategory: 'statusCategory',
};
const TIME_FIELDS: Record<string, JqlTimeClause['field']> = { updated: 'updated', updateddate: 'updated', created: 'created', createddate: 'created' };
const ORDER_FIELDS: Record<string, JqlOrder['field']> = { key: 'key', issuekey: 'key', created: 'created', updated: 'updated' };

export function parseJql(jql: string): JqlQuery {
  const tokens = tokenize(jql);
  let pos = 0;
  const peek = () => tokens[pos];
  const isWord = (t: Token | undefined, word: string) => t !== undefined && t.kind === 'word' && t.text.toLowerCase() === word;
  const unsupported = (t: Token | undefined): never => {
    throw new JqlError(
      t === undefined
        ? 'Error in the JQL Query: Expecting more input at the end of the query.'
        : `Error in the JQL Query: '${t.text}' (at character ${t.at + 1}) is outside the JQL this emulator supports (project, issuekey, parent, statusCategory, updated, created, AND, ORDER BY).`,
    );
  };
  const value = (): string => {
    const t = tokens[pos];
    if (t === undefined || t.kind === 'symbol') return unsupported(t);
    pos++;
    return t.text;
  };

  const clauses: JqlClause[] = [];
  const times: JqlTimeClause[] = [];
  const keyRanges: JqlKeyRange[] = [];
  while (pos < tokens.length && !isWord(peek(), 'order')) {
    if (clauses.length + times.length + keyRanges.length > 0) {
      if (!isWord(peek(), 'and')) unsupported(peek());
      pos++;
    }
    const fieldToken = tokens[pos];
    if (fieldToken === undefined || fieldToken.kind !== 'word') return unsupported(fieldToken);
    const timeField = lookup(TIME_FIELDS, fieldToken.text.toLowerCase());
    if (timeField !== undefined) {
      pos++;
      const op = tokens[pos];
      if (op?.kind !== 'symbol' || !['>=', '>', '<=', '<'].includes(op.text)) return unsupported(op);
      pos++;
      const operand = tokens[pos];
      if (operand?.kind === 'string') {
        throw new JqlError(`Error in the JQL Query: the emulator reads dates only as milliseconds since the epoch, unquoted (got "${operand.text}", which Jira would read in the user's time zone).`);
      }
      if (operand?.kind !== 'word' || !/^\d{1,15}$/.test(operand.text)) return unsupported(operand);
      pos++;
      times.push({ field: timeField, op: op.text as JqlTimeClause['op'], epochMs: Number(operand.text) });
      continue;
    }
    const field = lookup(FIELDS, fieldToken.text.toLowerCase());
    if (field === undefined) {
      throw new JqlError(`Error in the JQL Query: Field '${fieldToken.text}' does not exist or you do not have permission to view it.`);
    }
    pos++;
    const op = tokens[pos];
    if (field === 'key' && op?.kind === 'symbol' && ['>=', '>', '<=', '<'].includes(op.text)) {
      pos++;
      const bound = tokens[pos];
      if (bound === undefined || bound.kind === 'symbol') return unsupported(bound);
      const parts = /^([A-Za-z][A-Za-z0-9_]*)-(\d{1,18})$/.exec(bound.text);
      if (parts === null) throw new JqlError(`The issue key '${bound.text}' for field '${fieldToken.text}' is invalid.`);
      pos++;
      keyRanges.push({ op: op.text as JqlKeyRange['op'], projectKey: parts[1]!.toUpperCase(), number: Number(parts[2]) });
      continue;
    }
    if (op?.kind === 'symbol' && (op.text === '=' || op.text === '!=')) {
      pos++;
      clauses.push({ field, negated: op.text === '!=', values: [value()] });
    } else if (isWord(op, 'in') || (isWord(op, 'not') && isWord(tokens[pos + 1], 'in'))) {
      const negated = isWord(op, 'not');
      pos += negated ? 2 : 1;
      if (tokens[pos]?.text !== '(') unsupported(tokens[pos]);
      pos++;
      const values = [value()];
      while (tokens[pos]?.text === ',') {
        pos++;
        values.push(value());
      }
      if (tokens[pos]?.text !== ')') unsupported(tokens[pos]);
      pos++;
      clauses.push({ field, negated, values });
    } else {
      unsupported(op);
    }
  }
  const orderBy: JqlOrder[] = [];
  if (isWord(peek(), 'order')) {
    pos++;
    if (!isWord(peek(), 'by')) unsupported(peek());
    pos++;
    for (;;) {
      const t = tokens[pos];
      const field = t?.kind === 'word' ? lookup(ORDER_FIELDS, t.text.toLowerCase()) : undefined;
      if (field === undefined) return unsupported(t);
      pos++;
      let direction: JqlOrder['direction'] = 'ASC';
      if (isWord(peek(), 'asc') || isWord(peek(), 'desc')) {
        direction = peek()!.text.toUpperCase() as JqlOrder['direction'];
        pos++;
      }
      orderBy.push({ field, direction });
      if (peek()?.text !== ',') break;
      pos++;
    }
    if (orderBy.length > 7) throw new JqlError('Error in the JQL Query: The ORDER BY clause can contain a maximum of 7 fields.');
  }
  if (pos < tokens.length) unsupported(peek());
  if (clauses.length === 0 && times.length === 0 && keyRanges.length === 0) {
    throw new JqlError('Unbounded JQL queries are not allowed here. Please add a search restriction to your query.');
  }
  return { clauses, times, keyRanges, orderBy };
}

/** What a clause needs to know about an issue. */
export interface JqlSubject {
  id: string;
  key: string;
  projectKey: string;
  projectId: string;
  parentKey: string | undefined;
  parentId: string | undefined;
  statusCategoryKey: string | undefined;
  created: string | undefined;
  updated: string | undefined;
}

const CATEGORY_ALIASES: Record<string, string> = {
  'to do': 'new',
  new: 'new',
  '2': 'new',
  'in progress': 'indeterminate',
  indeterminate: 'indeterminate',
  '4': 'indeterminate',
  done: 'done',
  '3': 'done',
};

export function statusCategoryOf(value: string): string {
  const key = lookup(CATEGORY_ALIASES, value.toLowerCase());
  if (key === undefined) throw new JqlError(`The value '${value}' does not exist for the field 'statusCategory'.`);
  return key;
}

function clauseHolds(clause: JqlClause, s: JqlSubject): boolean {
  const upper = (v: string) => v.toUpperCase();
  switch (clause.field) {
    case 'project':
      return clause.values.some((v) => upper(v) === s.projectKey || v === s.projectId);
    case 'key':
      return clause.values.some((v) => upper(v) === s.key || v === s.id);
    case 'parent':
      return clause.values.some((v) => (s.parentKey !== undefined && upper(v) === s.parentKey) || (s.parentId !== undefined && v === s.parentId));
    case 'statusCategory':
      return clause.values.some((v) => statusCategoryOf(v) === s.statusCategoryKey);
  }
}

function timeHolds(clause: JqlTimeClause, s: JqlSubject): boolean {
  const at = Date.parse(s[clause.field] ?? '');
  if (Number.isNaN(at)) return false;
  switch (clause.op) {
    case '>=': return at >= clause.epochMs;
    case '>': return at > clause.epochMs;
    case '<=': return at <= clause.epochMs;
    case '<': return at < clause.epochMs;
  }
}

/** A key's project and number (PROJ-12 → PROJ, 12). */
function keyParts(key: string): { prefix: string; number: number } {
  const [prefix = '', number = '0'] = key.split(/-(?=\d+$)/);
  return { prefix, number: Number(number) };
}

function keyRangeHolds(range: JqlKeyRange, s: JqlSubject): boolean {
  const { prefix, number } = keyParts(s.key);
  if (prefix !== range.projectKey) return false;
  switch (range.op) {
    case '>=': return number >= range.number;
    case '>': return number > range.number;
    case '<=': return number <= range.number;
    case '<': return number < range.number;
  }
}

export function matches(query: JqlQuery, subject: JqlSubject): boolean {
  return (
    query.clauses.every((clause) => clauseHolds(clause, subject) !== clause.negated) &&
    query.times.every((clause) => timeHolds(clause, subject)) &&
    query.keyRanges.every((range) => keyRangeHolds(range, subject))
  );
}

function keyOrder(a: string, b: string): number {
  const ka = keyParts(a);
  const kb = keyParts(b);
  return ka.prefix === kb.prefix ? ka.number - kb.number : ka.prefix < kb.prefix ? -1 : 1;
}

/** Sorts in place by the ORDER BY clause (stable: unspecified ties keep the snapshot's order). */
export function sortSubjects<T extends JqlSubject>(items: T[], orderBy: readonly JqlOrder[]): T[] {
  if (orderBy.length === 0) return items;
  return items.sort((a, b) => {
    for (const o of orderBy) {
      let c = 0;
      if (o.field === 'key') c = keyOrder(a.key, b.key);
      else c = Date.parse(a[o.field] ?? '') - Date.parse(b[o.field] ?? '') || 0;
      if (c !== 0) return o.direction === 'ASC' ? c : -c;
    }
    return 0;
  });
}
