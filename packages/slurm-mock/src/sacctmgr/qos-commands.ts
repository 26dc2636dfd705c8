// `sacctmgr add|modify|remove qos`: the per-allocation QOS the agent creates (fields in qos-patch.ts).
// Removing a QOS also drops it from every association.
import { matchesKeyword, parseOptionToken } from '../keyword.js';
import { checkName, checkText } from '../name-validation.js';
import { newQos } from '../initial-state.js';
import type { QosRec } from '../state-types.js';
import { addToCharList, stripQuotes } from '../strip-quotes.js';
import { unknownCondition, unknownOption } from './assoc-options.js';
import { applyQosPatch, emptyQosPatch, parseQosRec, qosLimitsText, qosPatchIsEmpty } from './qos-patch.js';
import type { SacctmgrCtx } from './sacctmgr-context.js';

const isWhere = (t: string): boolean => t.toLowerCase() === 'where';
const isSet = (t: string): boolean => t.toLowerCase() === 'set';

export function addQos(ctx: SacctmgrCtx, args: readonly string[]): void {
  const names: string[] = [];
  const patch = emptyQosPatch();
  for (const raw of args) {
    if (isWhere(raw) || isSet(raw)) continue;
    const tok = parseOptionToken(raw);
    if (!tok.hasValue || matchesKeyword(tok.key, 'Names', 1))
      addToCharList(names, tok.hasValue ? tok.value : raw);
    else if (matchesKeyword(tok.key, 'Clusters', 1)) {
      // QOS are global; accepted like SLURM does
    } else if (parseQosRec(ctx, tok, patch) !== 'ok') unknownOption(ctx, raw);
  }
  if (ctx.exitCode !== 0) return;
  if (names.length === 0) {
    ctx.fail(' Need name of qos to add.\n');
    return;
  }
  const problems = [
    ...names.map((n) => checkName('qos', n)),
    patch.description === undefined ? null : checkText('description', patch.description),
  ].filter((x): x is string => x !== null);
  if (problems.length > 0) {
    ctx.fail(`${problems.join('\n')}\n`);
    return;
  }
  const added = names.filter((n) => !ctx.state.qos.some((q) => q.name === n));
  if (added.length === 0) {
    ctx.out(' Nothing new added.\n');
    ctx.exitCode = 1;
    return;
  }
  for (const name of added) {
    const q = newQos(ctx.state.nextQosId++, name, name);
    applyQosPatch(q, patch);
    ctx.state.qos.push(q);
  }
  ctx.out(
    ` Adding QOS(s)\n${added.map((n) => `  ${n}\n`).join('')} Settings\n` +
      `  Description    = ${patch.description ?? 'QOS Name'}\n${qosLimitsText(ctx, patch)}`,
  );
  ctx.commitOrDiscard();
}

interface QosCond {
  names: string[] | null;
  descriptions: string[];
  ids: number[];
}

function parseQosCondToken(ctx: SacctmgrCtx, raw: string, c: QosCond): boolean {
  const tok = parseOptionToken(raw);
  if (!tok.hasValue && matchesKeyword(raw, 'WithDeleted', 5)) return false;
  if (!tok.hasValue || matchesKeyword(tok.key, 'Names', 1)) {
    c.names = c.names ?? [];
    addToCharList(c.names, tok.hasValue ? tok.value : raw);
  } else if (matchesKeyword(tok.key, 'Descriptions', 1)) c.descriptions.push(stripQuotes(tok.value, true));
  else if (matchesKeyword(tok.key, 'IDs', 1))
    c.ids.push(...stripQuotes(tok.value, true).split(',').map(Number));
  else if (matchesKeyword(tok.key, 'Format', 1)) return false;
  else {
    unknownCondition(ctx, raw);
    return false;
  }
  return true;
}

function qosMatching(ctx: SacctmgrCtx, c: QosCond): QosRec[] {
  return ctx.state.qos.filter(
    (q) =>
      (c.names === null || c.names.includes(q.name)) &&
      (c.descriptions.length === 0 || c.descriptions.includes(q.description)) &&
      (c.ids.length === 0 || c.ids.includes(q.id)),
  );
}

export function modifyQos(ctx: SacctmgrCtx, args: readonly string[]): void {
  const c: QosCond = { names: null, descriptions: [], ids: [] };
  let condSet = false;
  const patch = emptyQosPatch();
  let mode: 'cond' | 'rec' = 'cond';
  for (const raw of args) {
    if (isWhere(raw)) {
      mode = 'cond';
      continue;
    }
    if (isSet(raw)) {
      mode = 'rec';
      continue;
    }
    if (mode === 'cond') {
      if (parseQosCondToken(ctx, raw, c)) condSet = true;
      continue;
    }
    const tok = parseOptionToken(raw);
    if (parseQosRec(ctx, tok, patch) !== 'ok') unknownOption(ctx, raw);
  }
  if (ctx.exitCode !== 0) return;
  if (patch.description !== undefined) {
    const bad = checkText('description', patch.description);
    if (bad !== null) {
      ctx.fail(`${bad}\n`);
      return;
    }
  }
  if (qosPatchIsEmpty(patch)) {
    ctx.fail(" You didn't give me anything to set\n");
    return;
  }
  if (
    !condSet &&
    !ctx.confirm("You didn't set any conditions with 'WHERE'.\nAre you sure you want to continue?")
  ) {
    ctx.out('Aborted\n');
    return;
  }
  const targets = qosMatching(ctx, c);
  if (targets.length === 0) {
    ctx.out(' Nothing modified\n');
    ctx.exitCode = 1;
    return;
  }
  for (const q of targets) applyQosPatch(q, patch);
  ctx.out(` Modified qos...\n${targets.map((q) => `  ${q.name}\n`).join('')}`);
  ctx.commitOrDiscard();
}

export function removeQos(ctx: SacctmgrCtx, args: readonly string[]): void {
  const c: QosCond = { names: null, descriptions: [], ids: [] };
  let condSet = false;
  for (const raw of args) {
    if (isWhere(raw) || isSet(raw)) continue;
    if (parseQosCondToken(ctx, raw, c)) condSet = true;
  }
  if (!condSet) {
    ctx.fail(' No conditions given to remove, not executing.\n');
    return;
  }
  if (ctx.exitCode !== 0) return;
  const targets = qosMatching(ctx, c).map((q) => q.name);
  if (targets.length === 0) {
    ctx.out(' Nothing deleted\n');
    ctx.exitCode = 1;
    return;
  }
  ctx.state.qos = ctx.state.qos.filter((q) => !targets.includes(q.name));
  for (const a of ctx.state.associations) {
    if (a.qos !== null) a.qos = a.qos.filter((q) => !targets.includes(q));
    if (a.defaultQos !== null && targets.includes(a.defaultQos)) a.defaultQos = null;
  }
  for (const q of ctx.state.qos) q.preempt = q.preempt.filter((n) => !targets.includes(n));
  ctx.out(` Deleting QOS(s)...\n${targets.map((n) => `  ${n}\n`).join('')}`);
  ctx.commitOrDiscard();
}
