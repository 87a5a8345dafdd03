/**
 * Typed failures of the Jira client. Each message is one line a person understands and names
 * what was asked of Jira; `endpoint` names the operation for logs and tests.
 */

/** Base class: every failure the client reports about Jira. */
export class JiraError extends Error {
  /** The operation, such as "GET /rest/api/3/project/TINY". */
  readonly endpoint: string;
  readonly status: number | undefined;

  constructor(message: string, endpoint: string, status?: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'JiraError';
    this.endpoint = endpoint;
    this.status = status;
  }

  /** Prefixes the message with the step that failed ("reading search page 3 of TINY: …"). */
  within(step: string): this {
    this.message = `${step}: ${this.message}`;
    return this;
  }
}

/** Runs one step of a multi-step read; a Jira failure names the step ("reading the versions of X: …"). */
export async function inStep<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof JiraError) throw error.within(what);
    throw error;
  }
}

/** 401: the credentials are missing or wrong. */
export class JiraAuthError extends JiraError {
  constructor(message: string, endpoint: string) {
    super(message, endpoint, 401);
    this.name = 'JiraAuthError';
  }
}

/** 403: the user may not do this ("you cannot browse project X"). */
export class JiraForbiddenError extends JiraError {
  constructor(message: string, endpoint: string) {
    super(message, endpoint, 403);
    this.name = 'JiraForbiddenError';
  }
}

/** 404: no such project, board or issue, or the user may not see it (Jira does not say which). */
export class JiraNotFoundError extends JiraError {
  constructor(message: string, endpoint: string) {
    super(message, endpoint, 404);
    this.name = 'JiraNotFoundError';
  }
}

/** 400: Jira rejected the request (its errorMessages are in the message). */
export class JiraBadRequestError extends JiraError {
  readonly errorMessages: string[];
  constructor(message: string, endpoint: string, errorMessages: string[]) {
    super(message, endpoint, 400);
    this.name = 'JiraBadRequestError';
    this.errorMessages = errorMessages;
  }
}

/** 429 that persisted through every allowed retry (or asked to wait longer than allowed). */
export class JiraRateLimitError extends JiraError {
  /**
   * @param retryAfterMs when known (the rate limiter's own wait), how long until the call may be
   * sent: a scan invocation re-queues its run that much later instead of waiting past its time.
   */
  constructor(
    message: string,
    endpoint: string,
    readonly retryAfterMs?: number,
  ) {
    super(message, endpoint, 429);
    this.name = 'JiraRateLimitError';
  }
}

/** 5xx or a network failure that persisted through every allowed retry. */
export class JiraUnavailableError extends JiraError {
  constructor(message: string, endpoint: string, status?: number, options?: { cause?: unknown }) {
    super(message, endpoint, status, options);
    this.name = 'JiraUnavailableError';
  }
}

/** A response whose body is not what the operation returns: names the endpoint and the field. */
export class JiraResponseError extends JiraError {
  constructor(message: string, endpoint: string, status?: number) {
    super(message, endpoint, status);
    this.name = 'JiraResponseError';
  }
}

/** Thrown by a transport when no HTTP response arrived (refused, reset, timed out). Retried on reads. */
export class JiraNetworkError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'JiraNetworkError';
  }
}

/**
 * The error @forge/api raises (its NeedsAuthenticationError, name NEEDS_AUTHENTICATION_ERR, see
 * node_modules/@forge/api/out/api/errors.js) when the user has not yet allowed the app to act for
 * them. Forge shows the consent screen only when this error leaves the function as thrown: it is
 * never wrapped, retried or answered as a failure. Checked by name, so this module stays free of
 * Forge (and the error may come from another copy of @forge/api).
 */
export function isConsentError(error: unknown): error is Error {
  return error instanceof Error && error.name === 'NEEDS_AUTHENTICATION_ERR';
}
