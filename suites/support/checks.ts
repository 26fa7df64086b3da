/**
 * Records checks as `exto-check` attachments, the form the results reporter reads. A failed check
 * also fails the Playwright test through a soft assertion, so Allure shows it as failed (a broken
 * contract), while an unexpected exception in the test stays broken.
 */
import { expect, type TestInfo } from '@playwright/test';

import { Redactor } from '../../scripts/core/redact.ts';
import {
  CHECK_ATTACHMENT,
  CHECK_CONTENT_TYPE,
  type CheckResult,
  type Severity,
} from '../../scripts/core/types.ts';

/** The stable part of a check: what it is, independent of one run's outcome. */
export interface CheckDef {
  id: string;
  title: string;
  severity: Severity;
  operationId?: string;
  method?: string;
  path?: string;
}

export interface FailureDetail {
  message: string;
  received?: string;
  documented?: string;
  curl?: string;
  httpStatus?: number;
  data?: Record<string, unknown>;
}

export interface PassDetail {
  message?: string;
  curl?: string;
  httpStatus?: number;
  data?: Record<string, unknown>;
}

export class CheckRecorder {
  readonly results: CheckResult[] = [];

  constructor(
    private readonly testInfo: TestInfo,
    private readonly redactor: Redactor,
  ) {}

  async pass(def: CheckDef, detail: PassDetail = {}): Promise<void> {
    await this.record({ ...def, ...detail, status: 'passed' });
  }

  async fail(def: CheckDef, detail: FailureDetail): Promise<void> {
    const result = await this.record({ ...def, ...detail, status: 'failed' });
    expect.soft(false, failureMessage(result)).toBe(true);
  }

  async skip(def: CheckDef, reason: string, enableWith?: string): Promise<void> {
    await this.record({ ...def, status: 'skipped', reason, ...(enableWith ? { enableWith } : {}) });
  }

  /** A reported deviation that never fails the run: documentation conflicts, pacing findings. */
  async warn(
    def: CheckDef,
    message: string,
    detail: Omit<PassDetail, 'message'> = {},
  ): Promise<void> {
    await this.record({ ...def, ...detail, status: 'warning', message });
  }

  /** Records a pass or a failure, depending on `failure`. */
  async verdict(
    def: CheckDef,
    failure: FailureDetail | undefined,
    passed: PassDetail = {},
  ): Promise<void> {
    if (failure) await this.fail(def, failure);
    else await this.pass(def, passed);
  }

  /**
   * Records `def` as skipped and skips the rest of the test, so a test whose checks cannot run
   * shows as skipped instead of passed.
   */
  async skipTest(def: CheckDef, reason: string, enableWith?: string): Promise<never> {
    await this.skip(def, reason, enableWith);
    this.testInfo.skip(true, enableWith ? `${reason} Enable with ${enableWith}.` : reason);
    throw new Error('unreachable: testInfo.skip throws');
  }

  private async record(result: CheckResult): Promise<CheckResult> {
    const clean = this.redactor.json(dropUndefined(result));
    this.results.push(clean);
    await this.testInfo.attach(CHECK_ATTACHMENT, {
      body: JSON.stringify(clean),
      contentType: CHECK_CONTENT_TYPE,
    });
    return clean;
  }
}

/** Title, then Received / Documented, then the curl line: the shape operators read first. */
export function failureMessage(result: CheckResult): string {
  const lines = [`${result.id}: ${result.title}`];
  if (result.message) lines.push(result.message);
  if (result.received !== undefined) lines.push(`Received: ${result.received}`);
  if (result.documented !== undefined) lines.push(`Documented: ${result.documented}`);
  if (result.curl) lines.push(result.curl);
  return lines.join('\n');
}

function dropUndefined(result: CheckResult): CheckResult {
  return Object.fromEntries(
    Object.entries(result).filter(([, value]) => value !== undefined),
  ) as unknown as CheckResult;
}
