// Shared setup for the spec tests: write a document to a temporary file and load it the way a run does.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createValidators, type CompiledValidators } from '../../scripts/core/spec/validators.ts';
import type { LoadedSpec } from '../../scripts/core/spec/types.ts';
import { loadSpec } from '../../scripts/lib/spec-loader.ts';

const folder = mkdtempSync(join(tmpdir(), 'exto-spec-test-'));
// Removed when the test process ends, so runs leave no folders in the temp directory.
process.on('exit', () => rmSync(folder, { recursive: true, force: true }));
let counter = 0;

/** Writes `content` (an object as JSON, or text as it is) to a new file and returns its path. */
export function writeSpecFile(content: object | string, extension = 'json'): string {
  const path = join(folder, `spec-${++counter}.${extension}`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

export interface Loaded {
  spec: LoadedSpec;
  validators: CompiledValidators;
}

export async function loadDocument(document: object | string, extension = 'json'): Promise<Loaded> {
  const spec = await loadSpec(writeSpecFile(document, extension));
  return { spec, validators: createValidators(spec) };
}

/** Builds a 3.0 document with these component schemas and one GET operation, `getItems`. */
export function documentWith(
  schemas: Record<string, unknown>,
  options: { openapi?: string; responses?: Record<string, unknown> } = {},
): Record<string, unknown> {
  const responses = options.responses ?? {
    '200': {
      description: 'ok',
      content: {
        'application/json': { schema: { $ref: `#/components/schemas/${Object.keys(schemas)[0]}` } },
      },
    },
  };
  return {
    openapi: options.openapi ?? '3.0.3',
    info: { title: 'test', version: '1' },
    paths: { '/items': { get: { operationId: 'getItems', responses } } },
    components: { schemas },
  };
}

/** Lists the messages of a validation, for asserting on the located sentences. */
export function messages(errors: readonly { message: string }[]): string[] {
  return errors.map((error) => error.message);
}
