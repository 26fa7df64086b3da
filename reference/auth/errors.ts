/**
 * Errors of the token service. The admin interface maps each to an HTTP status through `status`,
 * and sends `message` as the error detail, so every message names the value and the fix.
 */
export class TokenServiceError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 | 409,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A mint request whose field has a wrong type or value. */
export class InvalidMintRequestError extends TokenServiceError {
  constructor(message: string) {
    super(message, 400);
  }
}

/** The tenant already has the maximum number of enabled or disabled keys. */
export class KeyLimitError extends TokenServiceError {
  constructor(tenantId: string, limit: number) {
    super(
      `Tenant ${JSON.stringify(tenantId)} already has ${limit} enabled or disabled keys, the maximum. ` +
        'Revoke one before minting another.',
      409,
    );
  }
}

export class KeyNotFoundError extends TokenServiceError {
  constructor(keyId: string) {
    super(
      `No key has the id ${JSON.stringify(keyId)}. List the keys with GET /_admin/tokens.`,
      404,
    );
  }
}

/** A state change that the key's current state does not allow, such as enabling a revoked key. */
export class KeyStateError extends TokenServiceError {
  constructor(message: string) {
    super(message, 409);
  }
}
