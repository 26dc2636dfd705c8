// The dashboard in a real browser against the real stack (docs/dashboard.md): it keeps updating, an order's
// event shows its hops in order (recorded ≤ confirmed ≤ delivered ≤ applied), and a stopped agent turns down.
// Leaves a screenshot in .data/dashboard/ (a CI artifact).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DATA_ROOT } from '../src/harness/paths.js';
import { Stack } from '../src/harness/stack.js';
import { launchChromium, type RunningBrowser } from './support/browser.js';
import { createAllocation } from './support/scenario.js';

const W = 'dash-';
const SHOTS = join(DATA_ROOT, 'dashboard');
let stack: Stack;
let browser: RunningBrowser;
let page: Page;

beforeAll(async () => {
  stack = await Stack.start({ name: 'dashboard', worlds: [W] });
  browser = await launchChromium();
  page = await browser.context.newPage();
  await mkdir(SHOTS, { recursive: true });
});

afterAll(async () => {
  await page.screenshot({ path: join(SHOTS, 'dashboard-end.png'), fullPage: true }).catch(() => undefined);
  await browser.close();
  await stack.stop();
});

/** The snapshot time the page shows; it must move on while we watch. */
const shownAt = (): Promise<string | null> => page.locator('#updated').getAttribute('data-at');

async function expectUpdating(): Promise<void> {
  const before = await shownAt();
  await page.waitForFunction(
    `document.querySelector('#updated')?.getAttribute('data-at') !== ${JSON.stringify(before)}`,
    undefined,
    { timeout: 10_000 },
  );
  expect(await page.locator('#status').getAttribute('data-state')).toBe('live');
}

describe('dashboard', () => {
  test('goes live with the staff token from the URL fragment and keeps updating', async () => {
    const world = stack.world(W);
    await page.goto(`${stack.publisher.url}/dashboard/#token=${world.staffToken}`);
    await page.locator('#status[data-state="live"]').waitFor({ timeout: 15_000 });
    // The token left the address bar (it stays in the tab's session storage only).
    expect(page.url()).not.toContain(world.staffToken);
    await expectUpdating();
    await expectUpdating();
  });

  test("an order's hops appear in order, and a stopped agent shows as down", async () => {
    const slurm = await stack.slurm('dashboard');
    const agent = await stack.agent({ label: 'dashboard-agent', worlds: [W], slurm });
    // The world's only order.
    const resource = await createAllocation(stack, W, 'Dashboard', { cpu: 1, mem: 1 });

    const agentRow = page.locator('#agents tr[data-status]');
    await expect.poll(() => agentRow.first().getAttribute('data-status'), { timeout: 15_000 }).toBe('up');

    // The event that asked the agent to act: all four hops, in time order.
    const row = page.locator('#events tr[data-summary$=" → pending-provider"]');
    await row.locator('td[data-hop="applied"][data-at]').waitFor({ timeout: 20_000 });
    const cells = row.locator('td[data-hop]');
    const hops: [string | null, string | null][] = [];
    for (let i = 0; i < (await cells.count()); i += 1) {
      const cell = cells.nth(i);
      hops.push([await cell.getAttribute('data-hop'), await cell.getAttribute('data-at')]);
    }
    expect(hops.map(([hop]) => hop)).toEqual(['recorded', 'confirmed', 'delivered', 'applied']);
    const times = hops.map(([, at]) => Date.parse(at ?? ''));
    expect(times.every((t) => Number.isFinite(t))).toBe(true);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    // The resource's SLURM account as the agent reported it.
    await page
      .locator('#resources td', { hasText: resource.backend_id })
      .first()
      .waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(SHOTS, 'dashboard.png'), fullPage: true });

    await agent.stop();
    await expect.poll(() => agentRow.first().getAttribute('data-status'), { timeout: 20_000 }).toBe('down');
    await expectUpdating();
  });
});
