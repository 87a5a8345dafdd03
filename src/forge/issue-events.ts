/** The product trigger on issues created, updated or deleted (manifest: trigger → function `issue-events`). */
import { forgeApp } from './app';

export const issueEvents = async (event: unknown): Promise<void> => {
  await forgeApp().issueChanged(event);
};
