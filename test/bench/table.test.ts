import { renderTable } from '../../dev/bench/table';

describe('the bench table renderer', () => {
  it('pads every column to its widest cell, header and rule included', () => {
    expect(renderTable(['a', 'wide header'], [['longer cell', 'x'], ['b', 'y']])).toEqual([
      '| a           | wide header |',
      '|-------------|-------------|',
      '| longer cell | x           |',
      '| b           | y           |',
    ]);
  });

  it('counts "≤" and "×" as one character each, so columns stay aligned', () => {
    const lines = renderTable(['t'], [['≤ 25'], ['3.1×'], ['abcd']]);
    expect(new Set(lines.map((l) => [...l].length)).size).toBe(1);
    expect(lines[2]).toBe('| ≤ 25 |');
  });

  it('escapes a pipe in a cell so it does not split the markdown row', () => {
    expect(renderTable(['x'], [['a|b']])[2]).toBe('| a\\|b |');
  });

  it('refuses a row with the wrong number of cells', () => {
    expect(() => renderTable(['a', 'b'], [['only one']])).toThrow('table row 1 has 1 cells for 2 columns');
  });
});
