/** How the bench's tables write numbers. */
export const fmtN = (n: number) => n.toLocaleString('en-US');
/** Milliseconds under 10 s, seconds with one decimal from 10 s. */
export const fmtMs = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
export const fmtMb = (mb: number) => `${Math.round(mb)} MB`;
