import { audienceLabelFr, channelLabelFr } from '../../domain/channels/channel-labels';
import { formatParis } from '../../domain/time/paris-time';
import { MessageEntity } from './message.entity';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const paris = (d: Date | null) => (d ? formatParis(new Date(d)) : null);

/** What the API says about a message; the rendered texts are in the preview. */
export function messageView(m: MessageEntity) {
  return {
    id: m.id,
    eventId: m.eventId,
    bulletinNo: m.bulletinNo,
    marker: m.marker,
    mode: m.mode,
    status: m.status,
    factual: m.factual,
    channels: m.channels,
    listIds: m.listIds,
    facts: m.variables.facts,
    instructions: m.variables.instructions,
    nextUpdateAt: m.variables.nextUpdateAt,
    problems: m.renderings.flatMap((r) => r.problems.map((p) => `${audienceLabelFr(r.audience)} / ${channelLabelFr(r.channel)} : ${p}`)),
    createdBy: m.createdBy,
    createdAt: iso(m.createdAt),
    createdAtParis: formatParis(new Date(m.createdAt)),
    approvedBy: m.approvedBy,
    approvedAt: iso(m.approvedAt),
    approvedAtParis: paris(m.approvedAt),
    dispatchedBy: m.dispatchedBy,
    dispatchedAt: iso(m.dispatchedAt),
    dispatchedAtParis: paris(m.dispatchedAt),
  };
}

export type MessageView = ReturnType<typeof messageView>;
