/**
 * The targets of issue 10 ("Scan economy and speed"), in one place: the detailed tables and the
 * summary state them from here, and the summary's "met?" is computed against them.
 */

/** A rescan after 10 edits reads at most ceil(n/5000) + 5 search requests (n issues). */
export const rescanSearchLimit = (issues: number): number => Math.ceil(issues / 5000) + 5;
/** The edits after which the rescan target applies. */
export const RESCAN_TARGET_EDITS = 10;

/** `capture --update` after a day of edits: at most this share of a full capture's requests. */
export const UPDATE_REQUEST_SHARE = 0.1;

/** The first scan at least this many times faster than one search page at a time… */
export const FIRST_SCAN_SPEEDUP = 3;
/** …with this many requests in flight (at 40 ms a request). */
export const FIRST_SCAN_IN_FLIGHT = 4;

/** `report` at most this share of the straightforward script's time (CPU time, the same run). */
export const REPORT_TIME_SHARE = 0.25;

/** `capture` of 100k issues peaks under this much resident memory. */
export const CAPTURE_PEAK_MB = 300;
