/**
 * What a dashboard gadget shows, as its edit mode saves it (view.submit) and Jira hands it back
 * in the context (extension.gadgetConfiguration): the portfolio's median row, or one project's
 * five levels. Read with zod: a configuration saved by an older version, or none, is null.
 */
import { z } from 'zod';

const projectKey = z.string().regex(/^[A-Z][A-Z0-9_]{0,254}$/);

const gadgetConfigSchema = z.discriminatedUnion('show', [
  z.object({ show: z.literal('portfolio') }),
  z.object({ show: z.literal('project'), projectKey }),
]);
export type GadgetConfig = z.infer<typeof gadgetConfigSchema>;

export function readGadgetConfig(value: unknown): GadgetConfig | null {
  const parsed = gadgetConfigSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** Which of the resource's views the Forge context asks for. */
const GADGET_MODULE_TYPE = 'jira:dashboardGadget';

export type Surface = { kind: 'global-page' } | { kind: 'gadget'; config: GadgetConfig | null } | { kind: 'gadget-edit'; config: GadgetConfig | null };

export function surfaceOf(context: unknown): Surface {
  const extension = (context as { extension?: { type?: unknown; entryPoint?: unknown; gadgetConfiguration?: unknown } } | null)?.extension;
  if (extension?.type !== GADGET_MODULE_TYPE) return { kind: 'global-page' };
  const config = readGadgetConfig(extension.gadgetConfiguration);
  return extension.entryPoint === 'edit' ? { kind: 'gadget-edit', config } : { kind: 'gadget', config };
}
