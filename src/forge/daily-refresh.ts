/**
 * The daily scheduled trigger (manifest: scheduledTrigger → function `daily-refresh`, with an
 * explicit timeout). It pushes one event and answers at once; the consumer rescans the known
 * projects in batches. Forge expects a scheduled trigger to answer with a status code.
 */
import { forgeApp } from './app';

export const dailyRefresh = async (): Promise<{ statusCode: 204 }> => {
  await forgeApp().dailyRefresh();
  return { statusCode: 204 };
};
