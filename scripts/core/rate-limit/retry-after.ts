/**
 * Retry-After as RFC 9110 section 10.2.3 defines it: `delay-seconds` (1*DIGIT) or an HTTP-date.
 */

export type RetryAfter =
  | { valid: true; form: 'delay-seconds' | 'http-date'; seconds: number }
  /**
   * `seconds` is the wait a lenient client would use, when one can be read: a fraction is
   * rounded up, so `0.333` means one second.
   */
  | { valid: false; problem: string; seconds?: number };

/**
 * Parses a Retry-After value. An HTTP-date is turned into a delay against the response's own `Date`
 * header, so the runner's clock skew does not matter; without a `Date` header `fallbackNowMs`
 * (epoch milliseconds) is used.
 */
export function parseRetryAfter(
  value: string | undefined,
  dateHeader?: string,
  fallbackNowMs?: number,
): RetryAfter {
  if (value === undefined || value.trim() === '') {
    return { valid: false, problem: 'Retry-After is missing' };
  }
  const text = value.trim();
  if (/^\d+$/.test(text)) return { valid: true, form: 'delay-seconds', seconds: Number(text) };

  if (/^\d*\.\d+$/.test(text)) {
    return {
      valid: false,
      problem: `Retry-After ${JSON.stringify(text)} is a fraction, but delay-seconds must be a whole number`,
      seconds: Math.ceil(Number(text)),
    };
  }
  const dateMs = parseHttpDate(text);
  if (dateMs === undefined) {
    return {
      valid: false,
      problem: `Retry-After ${JSON.stringify(text)} is neither delay-seconds nor an HTTP-date`,
    };
  }
  const nowMs = dateHeader !== undefined ? parseHttpDate(dateHeader.trim()) : fallbackNowMs;
  if (nowMs === undefined) {
    return {
      valid: false,
      problem: `Retry-After is an HTTP-date, but the response has no readable Date header to measure it against`,
    };
  }
  return {
    valid: true,
    form: 'http-date',
    seconds: Math.max(0, Math.round((dateMs - nowMs) / 1000)),
  };
}

const IMF_FIXDATE =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const RFC850_DATE =
  /^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\d{2})-(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const ASCTIME_DATE =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ( \d|\d{2}) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Parses the three HTTP-date forms of RFC 9110 section 5.6.7 (IMF-fixdate and the two obsolete
 * ones) to epoch milliseconds; undefined for anything else.
 */
export function parseHttpDate(text: string): number | undefined {
  let match = IMF_FIXDATE.exec(text);
  if (match) return utc(match[4]!, match[3]!, match[2]!, match[5]!, match[6]!, match[7]!);
  match = RFC850_DATE.exec(text);
  if (match) {
    // NOTE: a fixed pivot (70-99 are 19xx) instead of RFC 9110's "more than 50 years ahead" rule;
    // both read every date from 1970 to 2069 the same way.
    const twoDigits = Number(match[4]);
    const year = twoDigits >= 70 ? 1900 + twoDigits : 2000 + twoDigits;
    return utc(String(year), match[3]!, match[2]!, match[5]!, match[6]!, match[7]!);
  }
  match = ASCTIME_DATE.exec(text);
  if (match) return utc(match[7]!, match[2]!, match[3]!.trim(), match[4]!, match[5]!, match[6]!);
  return undefined;
}

function utc(
  year: string,
  month: string,
  day: string,
  hour: string,
  minute: string,
  second: string,
): number {
  return Date.UTC(
    Number(year),
    MONTHS.indexOf(month),
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
  );
}
