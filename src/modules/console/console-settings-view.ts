import type { AppConfig } from '../../config/app-config';
import { CHANNELS, ChannelName, POST_CHANNELS } from '../../domain/channels/channel-catalogue';
import { AUDIENCES } from '../../domain/events/commitment-clocks';
import { AUDIENCE_LABELS_FR, CHANNEL_LABELS_FR } from '../../domain/channels/channel-labels';
import { EVENT_KIND_LABELS_FR, EVENT_KINDS, EventKind } from '../../domain/events/event-kind';
import { AUDIENCE_CHANNELS, Channel } from '../../domain/messages/message-channels';

type Audience = (typeof AUDIENCES)[number];

/** `GET /api/console/settings`: what the console needs to draw its forms and colour its clocks; nothing secret. */
export interface ConsoleSettingsView {
  /** Minutes before a due time at which a clock turns to a warning, largest first. */
  warningLeadMinutes: number[];
  eventKinds: { value: EventKind; label: string }[];
  audiences: { value: Audience; label: string; channels: readonly Channel[] }[];
  /** Every channel with its French name, from the catalogue's label table: the console keeps no list of its own. */
  channels: { value: ChannelName; label: string }[];
  /** Posts wait for the account's rate limit; the console explains why they are held back. */
  postChannels: readonly ChannelName[];
  /** The console greys out the approval of one's own message and says why; the server refuses it anyway. */
  fourEyes: boolean;
}

export function consoleSettingsView(config: AppConfig): ConsoleSettingsView {
  return {
    warningLeadMinutes: [...config.clocks.warningLeadMinutes].sort((a, b) => b - a),
    eventKinds: EVENT_KINDS.map((value) => ({ value, label: EVENT_KIND_LABELS_FR[value] })),
    audiences: AUDIENCES.map((value) => ({ value, label: AUDIENCE_LABELS_FR[value], channels: AUDIENCE_CHANNELS[value] })),
    channels: CHANNELS.map((value) => ({ value, label: CHANNEL_LABELS_FR[value] })),
    postChannels: POST_CHANNELS,
    fourEyes: config.messaging.fourEyes,
  };
}
