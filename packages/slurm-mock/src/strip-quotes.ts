// SLURM's handling of quoted values: the agent passes `description="My Project"` as ONE argv element
// with literal quotes; sacctmgr drops the enclosing quotes (text after the closing quote is ignored),
// turns stray quotes into backquotes and lower-cases where SLURM does.

export function stripQuotes(value: string, makeLower: boolean): string {
  let i = 0;
  let quoteChar = '';
  if (value.startsWith('"') || value.startsWith("'")) {
    quoteChar = value.charAt(0);
    i = 1;
  }
  let out = '';
  for (; i < value.length; i++) {
    const c = value.charAt(i);
    if (quoteChar !== '' && c === quoteChar) break;
    if (c === '"' || c === "'") out += '`';
    else out += makeLower ? c.toLowerCase() : c;
  }
  return out;
}

/** slurm_addto_char_list: comma list, optional enclosing quotes, lower-cased, de-duplicated. */
export function addToCharList(list: string[], value: string, makeLower = true): void {
  const inner = stripQuotes(value, makeLower);
  for (const part of inner.split(',')) {
    if (!list.includes(part)) list.push(part);
  }
}
