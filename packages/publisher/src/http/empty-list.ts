// An honest empty collection for objects the emulator does not keep: still answered through the list pipeline
// (pagination headers, `field=`), so a client's pager sees a normal, finished list.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendList } from './list-response.js';

export function sendEmptyList(
  request: FastifyRequest,
  reply: FastifyReply,
  baseUrl: string,
): Promise<Record<string, unknown>[]> {
  return sendList(request, reply, baseUrl, {
    count: () => Promise.resolve(0),
    fetch: () => Promise.resolve([]),
    serialize: () => ({}),
  });
}
