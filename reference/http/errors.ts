/** Generic `error.summary` of each status, used when a handler gives none. */
export const STATUS_SUMMARY: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * An error that becomes the documented error body
 * `{code, timestamp, path, error: {summary, detail[]}}`. `detail` carries the specific messages,
 * as in the documented example (summary `Service Exception`, detail `ITEM_MASTER not Found.`).
 */
export class ApiError extends Error {
  readonly summary: string;

  constructor(
    readonly status: number,
    readonly detail: string[],
    summary?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail.join(' '));
    this.name = 'ApiError';
    this.summary = summary ?? STATUS_SUMMARY[status] ?? 'Error';
  }
}

export const badRequest = (...detail: string[]): ApiError => new ApiError(400, detail);
export const forbidden = (...detail: string[]): ApiError => new ApiError(403, detail);
export const notFound = (...detail: string[]): ApiError => new ApiError(404, detail);

/** Creates the documented error for an unknown master or module: 500 `Service Exception`. */
export const serviceException = (...detail: string[]): ApiError =>
  new ApiError(500, detail, 'Service Exception');
