// Liveness heartbeat file (real common/healthz.py): loops write the epoch seconds to it every tick; `healthz`
// checks its mtime. A stale file means the main loop is stuck.
import { stat, writeFile } from 'node:fs/promises';

export const DEFAULT_MAX_AGE_SECONDS = 300;

export async function touchHeartbeat(path: string, now: () => number = Date.now): Promise<void> {
  await writeFile(path, String(now() / 1000));
}

/** True when the file exists and was modified less than `maxAgeSeconds` ago. */
export async function checkLiveness(
  path: string,
  maxAgeSeconds = DEFAULT_MAX_AGE_SECONDS,
  now: () => number = Date.now,
): Promise<boolean> {
  try {
    const s = await stat(path);
    return now() - s.mtimeMs < maxAgeSeconds * 1000;
  } catch {
    return false;
  }
}
