/**
 * `exto-conformance token`: mints, lists, revokes, disables, enables and rotates tokens on the
 * reference server through its admin interface. A minted token is the only thing printed on
 * stdout, so `TOKEN=$(exto-conformance token mint)` works and no other output contains it.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { AdminCallError, adminCall } from '../../lib/reference-target.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import { describeNetworkError } from '../preflight.ts';
import { ConfigError } from '../../lib/config.ts';

interface TokenArgs {
  action: 'mint' | 'list' | 'revoke' | 'disable' | 'enable' | 'rotate';
  keyId?: string;
  adminUrl?: string;
  adminSecretFile: string;
  name?: string;
  tenantId?: string;
  userName?: string;
  lifetimeSeconds?: number;
  issuedAt?: string;
}

const ACTIONS = ['mint', 'list', 'revoke', 'disable', 'enable', 'rotate'] as const;

export const tokenCommand: CommandModule<object, TokenArgs> = {
  command: 'token <action> [key-id]',
  describe: 'Mint, list, revoke, disable, enable or rotate tokens on the reference server',
  builder: (yargs: Argv) =>
    yargs
      .positional('action', { choices: ACTIONS, describe: 'What to do' })
      .positional('key-id', { type: 'string', describe: 'Key id, for revoke, disable and enable' })
      .option('admin-url', {
        type: 'string',
        describe:
          'Admin URL printed by `serve`, e.g. http://127.0.0.1:41234/_admin (or EXTO_ADMIN_URL)',
      })
      .option('admin-secret-file', {
        type: 'string',
        default: 'reports/serve-admin-secret',
        describe: 'File with the admin secret, used when EXTO_ADMIN_SECRET is not set',
      })
      .option('name', { type: 'string', describe: 'Key name (mint)' })
      .option('tenant-id', { type: 'string', describe: 'Tenant (mint)' })
      .option('user-name', { type: 'string', describe: 'User the token acts as (mint)' })
      .option('lifetime-seconds', {
        type: 'number',
        describe: 'Lifetime in seconds, at most 180 days (mint)',
      })
      .option('issued-at', {
        type: 'string',
        describe: 'ISO 8601 issue time; a past one mints an expired token',
      })
      .epilog(
        'Exit codes: 0 done, 2 the call was refused (bad option, unknown key, or a sixth key: ' +
          'revoke one to free a slot), 3 admin URL unreachable, 1 the server failed.',
      )
      .example('$0 token mint --name ci', 'Print a new token')
      .example('$0 token revoke key-123', 'Revoke a key') as unknown as Argv<TokenArgs>,
  handler: async (args: ArgumentsCamelCase<TokenArgs>) => {
    const adminUrl = (args.adminUrl ?? process.env.EXTO_ADMIN_URL ?? '').replace(/\/+$/, '');
    if (!adminUrl) {
      throw new ConfigError(
        'Missing --admin-url: pass the admin URL that `serve` printed, or set EXTO_ADMIN_URL.',
        'admin-url',
      );
    }
    const secret = readAdminSecret(args.adminSecretFile);
    const call = async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> => {
      try {
        return await adminCall(adminUrl, secret, method, path, body);
      } catch (error) {
        if (error instanceof AdminCallError) throw adminFailure(error, args.action);
        if (error instanceof TypeError) {
          throw new CliError(
            describeNetworkError(adminUrl, error.cause ?? error, 10),
            EXIT.unreachable,
          );
        }
        throw error;
      }
    };
    if (args.action === 'mint') {
      const minted = (await call('POST', '/tokens', {
        name: args.name,
        tenantId: args.tenantId,
        userName: args.userName,
        lifetimeSeconds: args.lifetimeSeconds,
        issuedAt: args.issuedAt,
      })) as { token: string; keyId: string; expiresAt: string };
      process.stderr.write(`Minted key ${minted.keyId}, expires ${minted.expiresAt}.\n`);
      process.stdout.write(`${minted.token}\n`);
    } else if (args.action === 'list') {
      process.stdout.write(`${JSON.stringify(await call('GET', '/tokens'), null, 2)}\n`);
    } else if (args.action === 'rotate') {
      process.stdout.write(`${JSON.stringify(await call('POST', '/rotate-key'))}\n`);
    } else {
      if (!args.keyId) {
        throw new ConfigError(
          `token ${args.action} needs a key id: exto-conformance token ${args.action} KEY_ID.`,
          'key-id',
        );
      }
      const path = `/tokens/${encodeURIComponent(args.keyId)}/${args.action}`;
      process.stdout.write(`${JSON.stringify(await call('POST', path))}\n`);
    }
    process.exitCode = 0;
  },
};

/**
 * Turns a rejected admin call into one line. A rejection (4xx) is exit 2, as for any request that
 * cannot be done as made, and a server failure (5xx) is exit 1.
 */
export function adminFailure(error: AdminCallError, action: TokenArgs['action']): CliError {
  if (error.status === 409 && action === 'mint') {
    return new CliError(
      'Mint rejected: the tenant already has 5 enabled or disabled keys, the maximum ' +
        '(409). Revoking a key frees its slot, and keys issued before a key rotation count until ' +
        'revoked: list the keys with `exto-conformance token list`, then run ' +
        '`exto-conformance token revoke KEY_ID`, or mint in another tenant with --tenant-id.',
      EXIT.usage,
    );
  }
  return new CliError(error.message, error.status < 500 ? EXIT.usage : EXIT.checkFailed);
}

function readAdminSecret(file: string): string {
  if (process.env.EXTO_ADMIN_SECRET) return process.env.EXTO_ADMIN_SECRET;
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  throw new ConfigError(
    `No admin secret: set EXTO_ADMIN_SECRET or point --admin-secret-file at the file \`serve\` wrote (${file} not found).`,
    'admin-secret-file',
  );
}
