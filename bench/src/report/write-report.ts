// Writes a results file formatted the way the repository's prettier config formats it, so `pnpm format` leaves
// committed results untouched. Falls back to the text as generated if prettier cannot be loaded.
import { writeFile } from 'node:fs/promises';

export async function writeFormatted(file: string, text: string, parser: 'json' | 'markdown'): Promise<void> {
  let out = text;
  try {
    const prettier = await import('prettier');
    const config = (await prettier.resolveConfig(file)) ?? {};
    out = await prettier.format(text, { ...config, parser });
  } catch {
    // unformatted is still correct
  }
  await writeFile(file, out);
}
