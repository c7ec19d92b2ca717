import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { AppError, unauthorized } from '../../common/app-error';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { EXERCISE_TYPE_LABELS_FR } from '../../domain/exercises/programme.policy';
import { parisOffsetMinutes } from '../../domain/time/paris-time';
import { UnitOfWork } from '../unit-of-work/unit-of-work.service';
import { UsersService } from '../users/users.service';
import { ExerciseLockService } from './exercise-lock.service';
import { ExerciseEntity } from './exercise.entity';
import { ExercisesStore } from './exercises.store';

// ical-generator ships CommonJS through `require`.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ical = require('ical-generator') as typeof import('ical-generator');

const hash = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** Europe/Paris, as calendar clients expect it beside TZID (the EU rule: last Sunday of March and of October). */
const PARIS_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Paris',
  'X-LIC-LOCATION:Europe/Paris',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');

/** ical-generator writes a Date's UTC fields under the TZID: give it the Paris wall clock. */
const parisWall = (d: Date) => new Date(d.getTime() + parisOffsetMinutes(d) * 60_000);

const STATUS_FR: Record<string, string> = { planned: 'prévu', running: 'en cours', held: 'réalisé', cancelled: 'annulé' };
const EXERCISE_HOURS = 3;

/** The exercise programme as an iCalendar feed, for calendar clients that cannot log in: a token per user. */
@Injectable()
export class CalendarService {
  constructor(
    private readonly store: ExercisesStore,
    private readonly exercises: ExerciseLockService,
    private readonly users: UsersService,
    private readonly uow: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A new token for this user (the previous one stops working). Only its hash is kept; the URL is shown once. */
  async issueToken(user: { id: string; username: string }) {
    const token = randomBytes(32).toString('base64url');
    await this.uow.run(async (work) => {
      await this.store.setCalendarToken(user.id, hash(token), work.manager);
      await work.audit({ actor: user.username, action: 'exercise.calendar_token_issued', subjectType: 'user', subjectId: user.id, payload: {} });
    });
    return { url: `${this.config.publicBaseUrl}/api/exercises/calendar.ics?token=${token}`, note: 'Keep this address private: it is shown only once; asking for a new one revokes it.' };
  }

  async feed(token: string | undefined): Promise<string> {
    if (!token || token.length > 200) throw unauthorized('calendar_token_required', 'This calendar address needs its token (ask for one in the console, Exercices page).');
    const owner = await this.activeOwner(hash(token));
    if (!owner) throw unauthorized('calendar_token_invalid', 'This calendar token is not valid (it was replaced by a newer one, or its user is inactive).');
    await this.exercises.syncHeld();
    return this.render(await this.store.forCalendar());
  }

  /** The token's user, when it is active (exercise_calendar_tokens has no foreign key: a user gone owns nothing). */
  private async activeOwner(tokenHash: string): Promise<{ username: string } | null> {
    const userId = await this.store.calendarTokenUser(tokenHash);
    if (!userId) return null;
    const user = await this.users.get(userId).catch((e: unknown) => {
      if (e instanceof AppError && e.code === 'user_not_found') return null;
      throw e;
    });
    return user?.active ? user : null;
  }

  render(rows: ExerciseEntity[]): string {
    const cal = ical.default({ name: 'Exercices de communication de crise', prodId: { company: 'prefecture', product: 'crisis-comms', language: 'FR' } });
    cal.timezone({ name: 'Europe/Paris', generator: () => PARIS_VTIMEZONE });
    const host = new URL(this.config.publicBaseUrl).host;
    for (const e of rows) {
      const start = e.startedAt ?? e.plannedAt;
      const end = e.endedAt && e.endedAt > start ? e.endedAt : new Date(start.getTime() + EXERCISE_HOURS * 3_600_000);
      cal.createEvent({
        id: `exercise-${e.id}@${host}`,
        start: parisWall(start),
        end: parisWall(end),
        timezone: 'Europe/Paris',
        summary: `Exercice : ${e.title}`,
        description: [
          `${EXERCISE_TYPE_LABELS_FR[e.type]} — ${STATUS_FR[e.status] ?? e.status}`,
          `Directeur d’exercice : ${e.director.name}`,
          e.objectives.length ? `Objectifs : ${e.objectives.join(' ; ')}` : '',
          e.commitments.length ? `Engagements entraînés : ${e.commitments.join(', ')}` : '',
        ]
          .filter(Boolean)
          .join('\n'),
        status: e.status === 'cancelled' ? ical.ICalEventStatus.CANCELLED : ical.ICalEventStatus.CONFIRMED,
      });
    }
    return cal.toString();
  }
}
