#!/usr/bin/env node
// Keeps the code's references to the documentation honest (part of `pnpm check`). Code and READMEs cite the
// design by `docs/<file>.md#<anchor>`; this fails when such a reference names a missing file or a heading that
// does not exist, when a `§` section reference is left (it would point at a document outside the repository),
// and when a link between the docs/ pages breaks. Usage: node scripts/check-doc-refs.mjs [repo-dir]
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const HELP = `Usage: node scripts/check-doc-refs.mjs [repo-dir]

Checks every docs/<file>.md#<anchor> reference in the repository's source files and READMEs against the
headings of docs/, reports any leftover § section reference, and checks the relative links inside docs/.
Exits 1 listing every problem, 0 when all references resolve.
`;

const SELF = 'scripts/check-doc-refs.mjs';
const SKIP_DIRS = new Set([
  'node_modules',
  'dist',
  '.data',
  '.git',
  '.turbo',
  'generated',
  'results',
  'fixtures',
]);
const SCANNED = /\.(ts|mts|cts|js|mjs|cjs|sh|py|md|yaml|yml|prisma|sql)$/;
const DOC_REF = /(?:\.\.\/)*docs\/([a-z0-9-]+\.md)(?:#([A-Za-z0-9_-]*))?/g;
const MD_LINK = /\]\(([^)\s]+)\)/g;

/** GitHub's heading slug: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
export function headingAnchors(markdown) {
  const anchors = new Set();
  const seen = new Map();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      const base = heading[1]
        .replace(/`/g, '')
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, '')
        .replace(/\s/g, '-');
      const count = seen.get(base) ?? 0;
      seen.set(base, count + 1);
      anchors.add(count === 0 ? base : `${base}-${count}`);
    }
    for (const m of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(m[1]);
  }
  return anchors;
}

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    if (SKIP_DIRS.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (SCANNED.test(name)) yield path;
  }
}

export function checkDocRefs(root) {
  const docsDir = join(root, 'docs');
  const anchorsOf = new Map();
  const anchors = (file) => {
    if (!anchorsOf.has(file)) {
      anchorsOf.set(file, existsSync(file) ? headingAnchors(readFileSync(file, 'utf8')) : null);
    }
    return anchorsOf.get(file);
  };
  const problems = [];
  let references = 0;
  for (const path of walk(root)) {
    const rel = relative(root, path).split(sep).join('/');
    if (rel === SELF) continue; // names the section sign on purpose
    const inDocs = rel.startsWith('docs/');
    const lines = readFileSync(path, 'utf8').split('\n');
    lines.forEach((line, index) => {
      const where = `${rel}:${index + 1}`;
      if (!inDocs && line.includes('§')) {
        problems.push(`${where}: section reference "${line.trim()}" (cite docs/<file>.md#<anchor> instead)`);
      }
      const targets = [];
      if (inDocs) {
        for (const m of line.matchAll(MD_LINK)) {
          const target = m[1];
          if (/^[a-z]+:/.test(target)) continue;
          const [file, anchor] = target.split('#');
          const resolved = file === '' ? path : normalize(join(dirname(path), file));
          if (resolved.endsWith('.md')) targets.push({ text: target, file: resolved, anchor });
          else if (!existsSync(resolved)) problems.push(`${where}: link to missing ${target}`);
        }
      } else {
        for (const m of line.matchAll(DOC_REF)) {
          targets.push({ text: m[0], file: join(docsDir, m[1]), anchor: m[2] });
        }
      }
      for (const { text, file, anchor } of targets) {
        references += 1;
        const known = anchors(file);
        if (known === null) problems.push(`${where}: ${text}: no such file`);
        else if (anchor !== undefined && !known.has(anchor)) {
          problems.push(`${where}: ${text}: no heading with anchor #${anchor} in ${relative(root, file)}`);
        }
      }
    });
  }
  return { problems, references };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(fileURLToPath(import.meta.url))) {
  const arg = process.argv[2];
  if (arg === '--help' || arg === '-h') {
    process.stdout.write(HELP);
    process.exit(0);
  }
  const root = resolve(arg ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
  const { problems, references } = checkDocRefs(root);
  if (problems.length > 0) {
    process.stderr.write(`check-doc-refs: ${problems.length} unresolved reference(s):\n`);
    for (const p of problems) process.stderr.write(`  ${p}\n`);
    process.exit(1);
  }
  process.stdout.write(`check-doc-refs: ${references} documentation references resolve\n`);
}
