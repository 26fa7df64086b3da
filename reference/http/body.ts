import type { IncomingMessage } from 'node:http';
import { ApiError, badRequest } from './errors.ts';

/**
 * Maximum JSON body in bytes. The documentation gives no limit. A write of 1,001 ordinary items fits
 * in 4 MiB, so such a write gets the documented 400 instead of 413.
 */
export const MAX_JSON_BODY_BYTES = 4 * 1024 * 1024;

/** Bodies this many times over the limit are cut off by closing the connection. */
const DRAIN_FACTOR = 8;

/**
 * Reads the whole body. Over `limit` it keeps draining, so the client reads the 413 response
 * instead of a reset connection, and then throws 413. Far over the limit it stops reading.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit * DRAIN_FACTOR) {
    req.resume();
    throw tooLarge(limit);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > limit * DRAIN_FACTOR) {
        req.destroy();
        throw tooLarge(limit);
      }
      if (size <= limit) chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (error instanceof ApiError) throw error;
    // The stream fails when the client closes the connection before the body ends.
    throw badRequest(`Request body ended early (${(error as Error).message}); send the whole body`);
  }
  if (size > limit) throw tooLarge(limit);
  return Buffer.concat(chunks);
}

function tooLarge(limit: number): ApiError {
  return new ApiError(413, [
    `Request body is larger than ${limit} bytes; send fewer items per request`,
  ]);
}

/** Reads and parses a JSON body; a missing or malformed body is a 400 that names the problem. */
export async function readJson(
  req: IncomingMessage,
  limit: number = MAX_JSON_BODY_BYTES,
): Promise<unknown> {
  const raw = await readBody(req, limit);
  if (raw.length === 0) throw badRequest('Request body is missing; send a JSON body');
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch (error) {
    throw badRequest(`Request body is not valid JSON: ${(error as Error).message}`);
  }
}
