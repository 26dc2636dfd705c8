// After `sacctmgr modify account|user` changed QOS lists: every association's default QOS must still be in
// its (effective) QOS list, as slurmdbd checks.
import type { AssocRec } from '../state-types.js';
import { AssocView } from './assoc-view.js';
import type { SacctmgrCtx } from './sacctmgr-context.js';

/** Throws no errors; reports " Error with request" when a default QOS is outside the QOS list. */
export function checkDefaultQos(ctx: SacctmgrCtx, assocs: readonly AssocRec[]): boolean {
  const view = new AssocView(ctx.state);
  for (const a of assocs) {
    const eff = view.effective(a);
    if (eff.defaultQos !== null && !eff.qos.includes(eff.defaultQos)) {
      ctx.fail(' Error with request: Invalid qos specification\n');
      return false;
    }
  }
  return true;
}
