/**
 * The bench's tables: markdown, each column as wide as its widest cell (pasted into the README as
 * printed). Widths count code points, so "≤" and "×" pad like any other character.
 */
export function renderTable(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  rows.forEach((r, i) => {
    if (r.length !== head.length) throw new Error(`table row ${i + 1} has ${r.length} cells for ${head.length} columns`);
  });
  const width = (s: string) => [...s].length;
  const cell = (s: string) => s.replaceAll('|', '\\|');
  const widths = head.map((h, i) => Math.max(width(cell(h)), ...rows.map((r) => width(cell(r[i]!)))));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => cell(c) + ' '.repeat(widths[i]! - width(cell(c)))).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)];
}

/** Prints a table, line by line. */
export function table(head: readonly string[], rows: readonly (readonly string[])[], log: (line: string) => void): void {
  for (const l of renderTable(head, rows)) log(l);
}
