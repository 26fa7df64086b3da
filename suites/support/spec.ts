/**
 * Loads the OpenAPI document once per process and compiles its validators, for the fixtures and for
 * spec files that generate one test per operation at collection time.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

import type { LoadedSpec, Operation, SpecValidators } from '../../scripts/core/spec/types.ts';
import { createValidators } from '../../scripts/core/spec/validators.ts';
import { loadSpec } from '../../scripts/lib/spec-loader.ts';
import { tryReadRunSettings } from './settings.ts';

export interface SuiteSpec {
  loaded: LoadedSpec;
  validators: SpecValidators;
}

const cache = new Map<string, Promise<SuiteSpec>>();

export function loadSuiteSpec(specPath: string): Promise<SuiteSpec> {
  let pending = cache.get(specPath);
  if (!pending) {
    pending = loadUncached(specPath);
    cache.set(specPath, pending);
  }
  return pending;
}

async function loadUncached(specPath: string): Promise<SuiteSpec> {
  // The CLI compiled every schema before the run started, so workers compile only what they use.
  const loaded = await loadSpec(specPath, { compile: false });
  return { loaded, validators: createValidators(loaded) };
}

/** Path templates with their placeholders filled, for example `/api/v1/master-record/LOCATION`. */
export function fillPath(template: string, values: Record<string, string>): string {
  return template.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`No value for path parameter ${name} of ${template}.`);
    return encodeURIComponent(value);
  });
}

/** Statuses the operation documents as success (2xx), as numbers. */
export function successStatuses(operation: Operation): number[] {
  return Object.keys(operation.responses)
    .filter((key) => /^2\d\d$/.test(key))
    .map(Number);
}

export function isProtected(operation: Operation): boolean {
  return !operation.security.includes('public');
}

/** `GET /api/v1/health/liveness`, the form test titles start with. */
export function operationLabel(operation: Operation): string {
  return `${operation.method.toUpperCase()} ${operation.path}`;
}

/**
 * The spec for generating tests at collection time: the run's document, or the project's own when
 * the suites are listed without run settings.
 */
export async function loadSpecForCollection(): Promise<SuiteSpec | undefined> {
  const settings = tryReadRunSettings();
  const specPath = settings?.specPath ?? resolve('schemas', 'exto-data-api.openapi.yaml');
  if (!settings && !existsSync(specPath)) return undefined;
  return loadSuiteSpec(specPath);
}
