// Stores per-user shares of a component usage with Waldur's replace semantics: one row per component usage
// and username, overwritten when the same period is reported again (a second report never adds).
import type { PrismaClient } from '../generated/prisma/client.js';

export interface UserUsageInput {
  readonly username: string;
  readonly usage: number | string;
  /** Waldur user id (hex) the agent named, if any. */
  readonly userId?: string | null;
  readonly date?: Date;
}

export interface UserUsageDeps {
  readonly prisma: PrismaClient;
  readonly newId: () => string;
  readonly clock: () => Date;
}

export async function replaceUserUsages(
  deps: UserUsageDeps,
  componentUsageId: string,
  usages: readonly UserUsageInput[],
): Promise<void> {
  const now = deps.clock();
  await deps.prisma.$transaction(async (tx) => {
    for (const u of usages) {
      const data = { usage: String(u.usage), userId: u.userId ?? null, date: u.date ?? now, modifiedAt: now };
      await tx.componentUserUsage.upsert({
        where: { componentUsageId_username: { componentUsageId, username: u.username } },
        create: { id: deps.newId(), componentUsageId, username: u.username, ...data },
        update: data,
      });
    }
  });
}
