/**
 * The daily scheduled trigger (manifest: scheduledTrigger → function `daily-refresh`, with an
 * explicit timeout). It pushes one event and answers at once; the consumer rescans the known
 * projects in batches. Forge expects a scheduled trigger to answer with a status code.
 */
import type { App } from '../app/compose';
import { forgeApp } from './app';

/** The trigger over any composed app (the local Forge runtime runs the same function). */
export const dailyRefreshHandler =
  (app: () => App) =>
  async (): Promise<{ statusCode: 204 }> => {
    await app().dailyRefresh();
    return { statusCode: 204 };
  };

export const dailyRefresh = dailyRefreshHandler(forgeApp);
