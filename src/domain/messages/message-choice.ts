import { isUuid } from '../ids';
import { AUDIENCE_CHANNELS, AUDIENCES, Audience, Channel } from './message-channels';

/**
 * Which audiences, channels and lists a draft goes to: the writer's choice,
 * checked against what each audience can receive, with the defaults filled in.
 */
export interface MessageChoice {
  channels: Partial<Record<Audience, Channel[]>>;
  listIds: Partial<Record<'elected' | 'media', string[]>>;
}

export function chooseChannels(input: {
  audiences?: Audience[];
  channels?: Record<string, unknown>;
  listIds?: Record<string, unknown>;
}): { ok: true; choice: MessageChoice } | { ok: false; message: string } {
  const audiences = input.audiences ?? [...AUDIENCES];
  const channels: MessageChoice['channels'] = {};
  for (const key of Object.keys(input.channels ?? {})) {
    if (!audiences.includes(key as Audience)) return { ok: false, message: `channels.${key}: "${key}" is not one of the audiences of this message (${audiences.join(', ')})` };
  }
  for (const a of audiences) {
    const asked = input.channels?.[a];
    if (asked === undefined) {
      channels[a] = [...AUDIENCE_CHANNELS[a]];
      continue;
    }
    if (!Array.isArray(asked) || asked.length === 0) return { ok: false, message: `channels.${a} must list at least one of: ${AUDIENCE_CHANNELS[a].join(', ')}` };
    for (const c of asked) {
      if (!AUDIENCE_CHANNELS[a].includes(c as Channel)) return { ok: false, message: `channels.${a}: "${String(c)}" cannot reach this audience; use ${AUDIENCE_CHANNELS[a].join(', ')}` };
    }
    channels[a] = [...new Set(asked as Channel[])];
  }
  const listIds: MessageChoice['listIds'] = {};
  for (const [key, ids] of Object.entries(input.listIds ?? {})) {
    if (key !== 'elected' && key !== 'media') return { ok: false, message: `listIds.${key}: lists apply to elected and media only (the public is reached by posts and the public page)` };
    if (!audiences.includes(key)) return { ok: false, message: `listIds.${key}: this message does not go to ${key}` };
    if (!Array.isArray(ids) || ids.length === 0 || ids.some((id) => typeof id !== 'string' || !isUuid(id))) {
      return { ok: false, message: `listIds.${key} must be a non-empty list of distribution list ids` };
    }
    listIds[key] = [...new Set(ids as string[])];
  }
  return { ok: true, choice: { channels, listIds } };
}
