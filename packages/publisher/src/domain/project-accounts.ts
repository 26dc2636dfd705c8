// Service and course accounts of a project (docs/protocol.md#service_account-and-course_account). Waldur announces
// an account when its username (service account) or its user (course account) is set and withdraws it when its
// state becomes Closed (marketplace_site_agent/handlers.py); the emulator records those events in the same
// transaction as the change. Closing is the end of an account: a closed account is never reopened.
import type { EventRecorder } from '../events/event-recorder.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import { FieldValidationError, IncorrectStateError } from '../http/errors.js';
import type { ProjectRef } from './permissions.js';

export interface AccountDeps {
  readonly prisma: PrismaClient;
  readonly events: EventRecorder;
  readonly clock: () => Date;
  readonly newId: () => string;
}

export interface ServiceAccountInput {
  readonly username?: string | undefined;
  readonly description?: string | undefined;
  readonly email?: string | undefined;
  readonly preferredIdentifier?: string | undefined;
}

export interface CourseAccountInput {
  readonly userId: string;
  readonly description?: string | undefined;
  readonly email?: string | undefined;
}

export const CLOSED = 'Closed';

/** Waldur Project.max_service_accounts: accounts that are not closed count against it. */
async function checkServiceAccountLimit(
  prisma: PrismaClient,
  project: ProjectRef & { readonly maxServiceAccounts: number | null },
): Promise<void> {
  if (project.maxServiceAccounts === null) return;
  const open = await prisma.projectServiceAccount.count({
    where: { projectId: project.id, state: { not: CLOSED } },
  });
  if (open >= project.maxServiceAccounts) {
    throw new FieldValidationError([
      `Maximum number of service accounts (${String(project.maxServiceAccounts)}) for this project is reached.`,
    ]);
  }
}

/** A new service account (state OK); announced at once when it has a username. Returns its id. */
export async function createServiceAccount(
  deps: AccountDeps,
  project: ProjectRef & { readonly maxServiceAccounts: number | null },
  input: ServiceAccountInput,
): Promise<string> {
  await checkServiceAccountLimit(deps.prisma, project);
  const id = deps.newId();
  const now = deps.clock();
  const username = input.username === undefined || input.username === '' ? null : input.username;
  await deps.prisma.$transaction(async (tx) => {
    await tx.projectServiceAccount.create({
      data: {
        id,
        projectId: project.id,
        username,
        state: 'OK',
        description: input.description ?? '',
        email: input.email ?? '',
        preferredIdentifier: input.preferredIdentifier ?? '',
        createdAt: now,
        modified: now,
      },
    });
    if (username !== null)
      await deps.events.accountChanged(tx, {
        objectType: 'service_account',
        accountId: id,
        action: 'create',
      });
  });
  return id;
}

/** PATCH/PUT of a service account: a changed, non-empty username announces it again. */
export async function updateServiceAccount(
  deps: AccountDeps,
  accountId: string,
  input: ServiceAccountInput,
): Promise<void> {
  await deps.prisma.$transaction(async (tx) => {
    const before = await tx.projectServiceAccount.findUniqueOrThrow({ where: { id: accountId } });
    if (before.state === CLOSED) throw new IncorrectStateError('Service account is closed.');
    const username = input.username ?? before.username;
    await tx.projectServiceAccount.update({
      where: { id: accountId },
      data: {
        username: username === '' ? null : username,
        ...(input.description === undefined ? {} : { description: input.description }),
        ...(input.email === undefined ? {} : { email: input.email }),
        ...(input.preferredIdentifier === undefined
          ? {}
          : { preferredIdentifier: input.preferredIdentifier }),
        modified: deps.clock(),
      },
    });
    if (username !== null && username !== '' && username !== before.username) {
      await deps.events.accountChanged(tx, {
        objectType: 'service_account',
        accountId,
        action: 'create',
      });
    }
  });
}

/** A new course account of a Waldur user (state OK): the user is set, so it is announced. Returns its id. */
export async function createCourseAccount(
  deps: AccountDeps,
  project: ProjectRef,
  input: CourseAccountInput,
): Promise<string> {
  const open = await deps.prisma.courseAccount.count({
    where: { projectId: project.id, userId: input.userId, state: { not: CLOSED } },
  });
  if (open > 0) throw FieldValidationError.field('user', 'This user already has a course account here.');
  const id = deps.newId();
  const now = deps.clock();
  await deps.prisma.$transaction(async (tx) => {
    await tx.courseAccount.create({
      data: {
        id,
        projectId: project.id,
        userId: input.userId,
        state: 'OK',
        description: input.description ?? '',
        email: input.email ?? '',
        createdAt: now,
        modified: now,
      },
    });
    await deps.events.accountChanged(tx, { objectType: 'course_account', accountId: id, action: 'create' });
  });
  return id;
}

/** State -> Closed and a `delete` event; closing a closed account changes nothing and announces nothing. */
export async function closeAccount(
  deps: AccountDeps,
  objectType: 'service_account' | 'course_account',
  accountId: string,
): Promise<void> {
  await deps.prisma.$transaction(async (tx) => {
    const where = { id: accountId, state: { not: CLOSED } };
    const data = { state: CLOSED, modified: deps.clock() };
    const { count } =
      objectType === 'service_account'
        ? await tx.projectServiceAccount.updateMany({ where, data })
        : await tx.courseAccount.updateMany({ where, data });
    if (count > 0) await deps.events.accountChanged(tx, { objectType, accountId, action: 'delete' });
  });
}
