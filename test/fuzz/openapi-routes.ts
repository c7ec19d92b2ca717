/** The API as its OpenAPI document describes it: the fuzz and the RBAC matrix are generated from this. */
export interface Schema {
  type?: string;
  enum?: unknown[];
  example?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  $ref?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  format?: string;
  nullable?: boolean;
}

export interface Route {
  method: string;
  /** As OpenAPI writes it: /api/events/{id}. */
  path: string;
  key: string;
  pathParams: string[];
  queryParams: string[];
  body: Schema | null;
  bodyIsJson: boolean;
}

interface OpenApiDoc {
  paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
  components?: { schemas?: Record<string, Schema> };
}

export function routesOf(doc: OpenApiDoc): Route[] {
  const schemas = doc.components?.schemas ?? {};
  // References resolved all the way down (a list of participants is a list of ParticipantDto).
  const resolve = (s: Schema | undefined, depth = 0): Schema | null => {
    if (!s || depth > 6) return null;
    if (s.$ref) return resolve(schemas[s.$ref.split('/').pop()!], depth + 1);
    const out: Schema = { ...s };
    if (s.items) out.items = resolve(s.items, depth + 1) ?? undefined;
    if (s.properties) out.properties = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, resolve(v, depth + 1) ?? {}]));
    return out;
  };
  const routes: Route[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      const json = content['application/json'];
      routes.push({
        method: method.toUpperCase(),
        path,
        key: `${method.toUpperCase()} ${path}`,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: params.filter((p) => p.in === 'query').map((p) => p.name),
        body: op.requestBody ? (resolve(json?.schema) ?? { type: 'object', properties: {} }) : null,
        bodyIsJson: !!op.requestBody && (!!json || Object.keys(content).length === 0),
      });
    }
  }
  return routes;
}

/** A plausible value for a schema: its example, its first allowed value, or one of its type. */
export function sampleOf(schema: Schema | null | undefined, depth = 0): unknown {
  if (!schema || depth > 4) return 'texte';
  if (schema.example !== undefined) return schema.example;
  if (schema.enum?.length) return schema.enum[0];
  switch (schema.type) {
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return [sampleOf(schema.items, depth + 1)];
    case 'object': {
      const out: Record<string, unknown> = {};
      // A field named ...At is a time in every DTO of this API: a valid one keeps the rest of the body checkable.
      for (const [k, v] of Object.entries(schema.properties ?? {})) out[k] = /At$/.test(k) && v.type === 'string' && v.example === undefined ? new Date().toISOString() : sampleOf(v, depth + 1);
      return out;
    }
    default:
      return 'x'.repeat(Math.max(schema.minLength ?? 0, 5));
  }
}

/** A small seeded generator (mulberry32): a failing run is replayed with its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: T[], random: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}
