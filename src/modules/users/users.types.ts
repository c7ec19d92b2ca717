/**
 * The password hash of a user created at a federated sign-in (the identity
 * federation vouches for the person): not an argon2 hash, so no password ever
 * matches it, and the auth module knows such a user has none.
 */
export const NO_PASSWORD = '!federated';
