/** The product trigger on issues created, updated or deleted (manifest: trigger → function `issue-events`). */
import type { App } from '../app/compose';
import { forgeApp } from './app';

/** The trigger over any composed app (the local Forge runtime runs the same function). */
export const issueEventsHandler =
  (app: () => App) =>
  async (event: unknown): Promise<void> => {
    await app().issueChanged(event);
  };

export const issueEvents = issueEventsHandler(forgeApp);
