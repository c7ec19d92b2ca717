import { Foundation1795879527863 } from './1795879527863-Foundation';

// Every migration, in order. A generated migration is added here by hand after
// review; test/migrations.e2e-spec.ts fails if one is forgotten.
export const migrations = [Foundation1795879527863];
