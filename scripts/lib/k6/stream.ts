/**
 * Reads k6's `--out json` stream (one JSON object per line) into request samples and dropped
 * iterations. k6 writes about a dozen lines per request, so a long multi-token run makes a large
 * file, and it is read line by line.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** One HTTP request as k6 recorded it. */
export interface RequestSample {
  /** When the request started, ms since the epoch: k6 stamps samples at the response's end. */
  startMs: number;
  durationMs: number;
  /** 0 when no response arrived. */
  status: number;
  /** k6 scenario name, which is the phase name in these scenarios. */
  scenario: string;
  /** Token index in EXTO_TOKENS, from the `token` tag; -1 when untagged (setup). */
  token: number;
  /** k6's `expected_response` tag: whether the status was in the request's expected list. */
  expected: boolean;
}

export interface MetricStream {
  requests: RequestSample[];
  /** dropped_iterations per scenario. */
  dropped: Record<string, number>;
  /** Requests outside every scenario, such as setup()'s liveness probe. */
  setupRequests: number;
  /** Lines that were not JSON, with their line numbers (a truncated last line is usual). */
  malformedLines: number[];
}

interface Point {
  type?: string;
  metric?: string;
  data?: { time?: string; value?: number; tags?: Record<string, string> };
}

/** Parses the stream from text; for files use readMetricStream. */
export function parseMetricLines(lines: Iterable<string>): MetricStream {
  const stream: MetricStream = { requests: [], dropped: {}, setupRequests: 0, malformedLines: [] };
  let lineNumber = 0;
  for (const line of lines) {
    lineNumber += 1;
    addLine(stream, line, lineNumber);
  }
  return finish(stream);
}

export async function readMetricStream(path: string): Promise<MetricStream> {
  const stream: MetricStream = { requests: [], dropped: {}, setupRequests: 0, malformedLines: [] };
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    addLine(stream, line, lineNumber);
  }
  return finish(stream);
}

function addLine(stream: MetricStream, line: string, lineNumber: number): void {
  if (line.trim() === '') return;
  let point: Point;
  try {
    point = JSON.parse(line) as Point;
  } catch {
    stream.malformedLines.push(lineNumber);
    return;
  }
  if (point.type !== 'Point' || !point.data?.time) return;
  const tags = point.data.tags ?? {};
  if (point.metric === 'http_req_duration') {
    // setup() requests carry no scenario tag; they are not part of any phase.
    if (!tags.scenario) {
      stream.setupRequests += 1;
      return;
    }
    const durationMs = point.data.value ?? 0;
    stream.requests.push({
      startMs: Date.parse(point.data.time) - durationMs,
      durationMs,
      status: Number(tags.status ?? 0),
      scenario: tags.scenario,
      token: tags.token === undefined ? -1 : Number(tags.token),
      expected: tags.expected_response === 'true',
    });
  } else if (point.metric === 'dropped_iterations') {
    const scenario = tags.scenario ?? '';
    stream.dropped[scenario] = (stream.dropped[scenario] ?? 0) + (point.data.value ?? 1);
  }
}

function finish(stream: MetricStream): MetricStream {
  stream.requests.sort((a, b) => a.startMs - b.startMs);
  return stream;
}
