/**
 * Tokens for the rate-limit probes. On the reference server every probe gets a freshly minted
 * token, so each starts from a fresh limiter state and no probe waits for the previous one to cool
 * down. On a real deployment the probes share one token that nothing else uses at this point (the
 * last of EXTO_TOKENS), and each probe waits until the limiter has recovered.
 */
import { sleep, monotonicNow } from '../../scripts/lib/probe.ts';
import type { AuthTarget } from '../auth/target.ts';

/** Pause before reusing a token: two windows, so any window or bucket is back to its start. */
const COOL_DOWN_MS = 2_000;

export class ProbeTokens {
  /** Counted from construction too: the contract and auth suites may have just used the token. */
  private lastUsedMs = monotonicNow();
  private extraWaitMs = 0;
  private readonly run = Date.now().toString(36);

  constructor(private readonly target: AuthTarget) {}

  /** True when probes get fresh tokens, so their timelines start from a fresh limiter state. */
  get fresh(): boolean {
    return this.target.canMint;
  }

  /** Returns the token for the next probe; a shared token is returned once its limiter recovered. */
  async next(label: string, tenantId?: string): Promise<string> {
    if (this.target.canMint) {
      // The target gives each token its own tenant unless the caller names a shared one.
      const body = { name: `conformance-${label}`, ...(tenantId ? { tenantId } : {}) };
      return (await this.target.mint(body)).token;
    }
    const wait = this.lastUsedMs + COOL_DOWN_MS + this.extraWaitMs - monotonicNow();
    if (wait > 0) await sleep(wait);
    this.extraWaitMs = 0;
    return this.dedicated();
  }

  /** Records the end of a probe, and any Retry-After longer than the usual pause. */
  used(retryAfterSeconds = 0): void {
    this.lastUsedMs = monotonicNow();
    this.extraWaitMs = Math.max(0, Math.min(retryAfterSeconds, 60) * 1000 - COOL_DOWN_MS);
  }

  /** Returns two tokens of one tenant for the isolation probe, or undefined when only one exists. */
  async partners(): Promise<[string, string] | undefined> {
    if (this.target.canMint) {
      const tenant = `conformance-isolation-${this.run}`;
      return [await this.next('isolation-a', tenant), await this.next('isolation-b', tenant)];
    }
    const tokens = this.target.configuredTokens;
    if (tokens.length < 2) return undefined;
    await this.next('isolation');
    return [tokens[tokens.length - 1]!, tokens[tokens.length - 2]!];
  }

  private dedicated(): string {
    const tokens = this.target.configuredTokens;
    const token = tokens[tokens.length - 1];
    if (!token) {
      throw new Error('No token for the rate-limit suite: set EXTO_TOKENS (one token per line).');
    }
    return token;
  }
}
