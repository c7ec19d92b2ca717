import { Inject, Logger, OnApplicationShutdown, OnModuleDestroy } from '@nestjs/common';
import { ConnectedSocket, MessageBody, OnGatewayInit, SubscribeMessage, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import { AppError } from '../../common/app-error';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { DATABASE_HANDLE, DatabaseHandle } from '../../database/database-handle';
import { AuthService } from '../auth/auth.service';
import type { SessionUser } from '../../access';
import { EventsService } from '../events/events.service';
import { BackgroundLoops } from '../scheduler/background-loops.service';
import { tokenFromHandshake } from './handshake-token';
import { LiveEvent, LiveEventsService } from './live-events.service';
import { eventIdOf, roomOfEvent, RoomAck } from './live-rooms';
import { LiveCluster, openLiveCluster } from './live-cluster-adapter';

type LiveSocket = Socket & { data: { user?: Omit<SessionUser, 'displayName'> } };

function refusal(code: string, message: string): Error {
  // socket.io hands `message` and `data` to the client's connect_error.
  return Object.assign(new Error(message), { data: { error: code } });
}

/**
 * The console's live channel. A socket is authenticated at the handshake with
 * the session of the HTTP API (the console's cookie, or `auth.token`); without
 * one the handshake is refused and nothing is ever sent. A socket joins the
 * room of an event to receive what LiveEventsService publishes about it
 * (always after commit). Socket.io delivers at most once: on reconnect the
 * console reloads its state from the API.
 *
 * Several instances: each relays only its own publications (after its own
 * commits), through `server.to(room)`; on a real PostgreSQL server the
 * socket.io PostgreSQL adapter (live-cluster.ts) makes that reach the sockets
 * held by the other instances. A session is a row in the database, so a
 * socket may connect to any instance.
 */
@WebSocketGateway({ serveClient: true, maxHttpBufferSize: 16_384, pingInterval: 20_000 })
export class LiveGateway implements OnGatewayInit, OnModuleDestroy, OnApplicationShutdown {
  @WebSocketServer() private server: Server;
  private readonly logger = new Logger(LiveGateway.name);
  private unsubscribe?: () => void;
  private cluster?: LiveCluster;

  constructor(
    private readonly live: LiveEventsService,
    private readonly auth: AuthService,
    private readonly events: EventsService,
    private readonly loops: BackgroundLoops,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE_HANDLE) private readonly db: DatabaseHandle,
  ) {}

  afterInit(server: Server): void {
    if (this.db.mode === 'external') {
      this.cluster = openLiveCluster(this.db.url, this.logger);
      server.adapter(this.cluster.adapter);
    }
    server.use((socket, next) => {
      this.authenticate(socket as LiveSocket).then(
        () => next(),
        (e: Error) => next(e),
      );
    });
    this.unsubscribe = this.live.subscribe((e) => this.relay(e));
    // Every instance checks: the sockets are this process's.
    this.loops.register({ name: 'live-session-check', periodMs: this.config.live.sessionCheckSeconds * 1000, tick: () => this.dropEndedSessions() });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  /** After Nest has closed the socket.io server (and with it the adapter's LISTEN connection). */
  async onApplicationShutdown(): Promise<void> {
    await this.cluster?.close();
  }

  @SubscribeMessage('join')
  async join(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<RoomAck> {
    const eventId = eventIdOf(body);
    if (!eventId) return { ok: false, error: 'bad_event_id', message: 'join needs the id of a major event, such as { "eventId": "…" }.' };
    // The session may have ended since the handshake (logout, expiry, user disabled).
    // The periodic session check disconnects it.
    if (!(await this.currentUser(socket))) {
      return { ok: false, error: 'session_required', message: 'Your session has ended: log in again.' };
    }
    try {
      await this.events.get(eventId);
    } catch (e) {
      if (e instanceof AppError) return { ok: false, error: e.code, message: e.message };
      throw e;
    }
    await socket.join(roomOfEvent(eventId));
    return { ok: true, eventId };
  }

  @SubscribeMessage('leave')
  async leave(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<RoomAck> {
    const eventId = eventIdOf(body);
    if (!eventId) return { ok: false, error: 'bad_event_id', message: 'leave needs the id of a major event, such as { "eventId": "…" }.' };
    await socket.leave(roomOfEvent(eventId));
    return { ok: true, eventId };
  }

  private relay(e: LiveEvent): void {
    this.server?.to(roomOfEvent(e.eventId)).emit(e.type, { eventId: e.eventId, type: e.type, data: e.data });
  }

  private async authenticate(socket: LiveSocket): Promise<void> {
    const t = tokenFromHandshake(socket.handshake);
    if (!t.ok) throw refusal(t.code, t.message);
    const user = await this.auth.resolveSession(t.token);
    if (!user) throw refusal('session_required', 'You need to log in: this session is unknown or has expired.');
    socket.data.user = { id: user.id, username: user.username, role: user.role, sessionId: user.sessionId };
  }

  private async currentUser(socket: LiveSocket): Promise<SessionUser | null> {
    const t = tokenFromHandshake(socket.handshake);
    return t.ok ? this.auth.resolveSession(t.token) : null;
  }

  /** Sockets whose session was revoked or expired since the handshake stop receiving. */
  private async dropEndedSessions(): Promise<void> {
    const sockets = [...this.server.sockets.sockets.values()] as LiveSocket[];
    if (!sockets.length) return;
    try {
      const ids = [...new Set(sockets.map((s) => s.data.user?.sessionId).filter((id): id is string => !!id))];
      const valid = await this.auth.validSessionIds(ids);
      for (const s of sockets) if (!s.data.user || !valid.has(s.data.user.sessionId)) s.disconnect(true);
    } catch (e) {
      this.logger.warn({ err: e }, 'live session check failed; retried at the next interval');
    }
  }
}
