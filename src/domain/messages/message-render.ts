import { type Audience, type Channel, type PartName, POST_MAX_LENGTH, X_MAX_WEIGHTED_LENGTH } from './message-channels';
import { type MessageVars, type VariableProblem, MESSAGE_VARIABLES, charCount, validateMessageVars } from './message-variables';
import { finalPart } from './part-format';
import { type SmsStats, smsSegments } from './sms-segments';
import { type TemplateCatalog } from './template-catalog';
import { type XPostStats, xPostStats } from './x-post-length';

export { EXERCISE_MARKING, applyExerciseMarking } from './exercise-marking';

export type MessageMode = 'real' | 'exercise';

export interface RenderRequest {
  kind: string;
  audience: Audience;
  channel: Channel;
  vars: MessageVars;
  mode: MessageMode;
}

export interface PartStats {
  /** Characters as a person counts them. */
  length: number;
  x?: XPostStats;
  sms?: SmsStats;
}

export interface RenderedMessage {
  /** The kind whose wording was used: `generic` when the event kind has none for this channel. */
  kind: string;
  audience: Audience;
  channel: Channel;
  mode: MessageMode;
  /** Which approved layout produced each part: recorded with the message as evidence. */
  templates: { part: PartName; id: string; version: number; approvedBy: string; approvedAt: string }[];
  /** Which approved wording of the kind (label, safety advice) filled the layouts; absent in messages rendered before layouts. */
  wording?: { kind: string; version: number; approvedBy: string; approvedAt: string };
  parts: Partial<Record<PartName, string>>;
  stats: Partial<Record<PartName, PartStats>>;
  /** Limits the real text exceeds (e.g. an X post over 280 with unusual characters). Empty means it can be sent. */
  problems: string[];
}

/** Bad variables, or no template at all: nothing could be rendered. */
export class MessageRenderError extends Error {
  constructor(
    message: string,
    readonly problems: readonly VariableProblem[],
  ) {
    super(problems.length ? `${message}:\n${problems.map((p) => `- ${p.variable}: ${p.why}`).join('\n')}` : message);
    this.name = 'MessageRenderError';
  }
}

/**
 * Renders one message for one audience and channel from the approved wording.
 * The same draft variables go to every channel; each template reads the ones it
 * declares. In exercise mode the marking is added here, after rendering, to every
 * part, and the stats measure the text with it, as it will leave.
 */
export function renderMessage(catalog: TemplateCatalog, request: RenderRequest): RenderedMessage {
  const { kind, audience, channel, vars, mode } = request;
  const model = catalog.find(kind, audience, channel);
  if (!model) throw new MessageRenderError(`No template for ${kind} / ${audience} / ${channel}`, []);

  // Each part checks its own declarations; the catalog makes them agree, so one list of problems is enough.
  const problems = new Map<string, VariableProblem>();
  const values = new Map<PartName, Record<string, unknown>>();
  for (const p of model.parts) {
    const checked = validateMessageVars(p.header.vars, vars);
    for (const pr of checked.problems) problems.set(`${pr.variable}|${pr.why}`, pr);
    values.set(p.part, checked.values);
  }
  if (problems.size) {
    // In the order of the drafting form, whatever the order of the parts.
    const order = Object.keys(MESSAGE_VARIABLES);
    const sorted = [...problems.values()].sort((a, b) => order.indexOf(a.variable) - order.indexOf(b.variable));
    throw new MessageRenderError(`Cannot render the ${model.kind} message for ${audience} by ${channel}`, sorted);
  }

  const w = model.wording;
  const wording = { kind: w.kind, version: w.version, approvedBy: w.approvedBy, approvedAt: w.approvedAt };
  const result: RenderedMessage = { kind: model.kind, audience, channel, mode, templates: [], wording, parts: {}, stats: {}, problems: [] };
  for (const p of model.parts) {
    const text = finalPart(channel, p.part, p.render(values.get(p.part)!), mode === 'exercise');
    const stats: PartStats = { length: charCount(text) };
    if (channel === 'x') {
      stats.x = xPostStats(text);
      if (!stats.x.valid) result.problems.push(`la publication X compte ${stats.x.weightedLength} caractères pondérés ; X en accepte ${X_MAX_WEIGHTED_LENGTH}`);
    }
    if (channel === 'sms') {
      stats.sms = smsSegments(text);
      const max = p.header.maxSegments;
      if (max !== undefined && stats.sms.segments > max) result.problems.push(`le SMS tient en ${stats.sms.segments} parties ; son gabarit en accepte ${max}`);
    }
    const limit = POST_MAX_LENGTH[channel];
    if (limit && stats.length > limit.max) result.problems.push(`la publication ${limit.network} compte ${stats.length} caractères ; ${limit.network} en accepte ${limit.max}`);
    result.parts[p.part] = text;
    result.stats[p.part] = stats;
    result.templates.push({ part: p.part, id: p.header.id, version: p.header.version, approvedBy: p.header.approvedBy, approvedAt: p.header.approvedAt });
  }
  return result;
}
