// SLURM's print_fields: fixed-width columns (positive width = right-aligned, negative = left), a dash
// row under the header, values too wide cut with a trailing '+'; or `|`-separated with (`-p`) or
// without (`-P`) a trailing separator.

export type ParsableMode = 'none' | 'ending' | 'no-ending';

export interface PrintField {
  header: string;
  /** Column width; negative means left-aligned. */
  len: number;
}

export interface TableOptions {
  parsable: ParsableMode;
  header: boolean;
}

function cell(value: string, len: number): string {
  const width = Math.abs(len);
  const text = value.length > width ? `${value.slice(0, width - 1)}+` : value;
  return len < 0 ? text.padEnd(width) : text.padStart(width);
}

function headerCell(name: string, len: number): string {
  const width = Math.abs(len);
  const text = name.slice(0, width);
  return len < 0 ? text.padEnd(width) : text.padStart(width);
}

function parsableLine(values: readonly string[], mode: ParsableMode): string {
  return mode === 'ending' ? values.map((v) => `${v}|`).join('') : values.join('|');
}

export function renderTable(
  fields: readonly PrintField[],
  rows: readonly (readonly string[])[],
  options: TableOptions,
): string {
  let out = '';
  if (options.parsable !== 'none') {
    if (options.header)
      out += `${parsableLine(
        fields.map((f) => f.header),
        options.parsable,
      )}\n`;
    for (const row of rows) out += `${parsableLine(row, options.parsable)}\n`;
    return out;
  }
  if (options.header) {
    out += `${fields.map((f) => `${headerCell(f.header, f.len)} `).join('')}\n`;
    out += `${fields.map((f) => `${'-'.repeat(Math.abs(f.len))} `).join('')}\n`;
  }
  for (const row of rows) {
    out += `${fields.map((f, i) => `${cell(row[i] ?? '', f.len)} `).join('')}\n`;
  }
  return out;
}
