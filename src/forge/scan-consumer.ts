/**
 * The scan queue's consumer (manifest: consumer → function `scan-consumer`), in the
 * @forge/events v2 form: Forge calls it with the AsyncEvent (the pushed `body` plus the job and
 * event ids) and the invocation context. The job and event ids name the invocation that holds a
 * run's lease (a platform retry of the same event takes over its dead predecessor's lease).
 */
import type { AsyncEvent } from '@forge/events';
import { z } from 'zod';
import type { App } from '../app/compose';
import { forgeApp } from './app';

const asyncEventSchema = z.looseObject({ body: z.unknown(), jobId: z.string().min(1), eventId: z.string().min(1) });

/** The consumer over any composed app (the local Forge runtime calls it the same way). */
export async function consumeAsyncEvent(app: App, event: AsyncEvent | unknown): Promise<void> {
  const parsed = asyncEventSchema.safeParse(event);
  if (!parsed.success) {
    console.error(`[scan] ignored an async event that is not in the @forge/events v2 form: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return;
  }
  const { body, jobId, eventId } = parsed.data;
  await app.consume(body, `${jobId}:${eventId}`);
}

export const scanConsumer = (event: AsyncEvent, _context: unknown): Promise<void> => consumeAsyncEvent(forgeApp(), event);
