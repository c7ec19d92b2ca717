import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { atomFeed, bulletinEntries } from '../../domain/public-page/atom-feed';
import { CapContext, currentCapAlert } from '../../domain/public-page/cap-alert';
import { EXERCISE_MARKING } from '../../domain/messages/exercise-marking';
import { Public } from '../../access';
import type { PrefectureIdentity } from '../../config/prefecture.config';
import { PublicBulletinsService } from './public-bulletins.service';
import { eventPage, eventsPage, notFoundPage, PUBLIC_PAGE_CSP } from './public-page-views';

const ATOM = 'application/atom+xml; charset=utf-8';
const CAP = 'application/cap+xml; charset=utf-8';

/**
 * The public information pages and their feeds, open to everyone without a
 * session. Read-only: nothing here changes anything.
 */
@ApiExcludeController()
@Controller('public')
export class PublicPageController {
  constructor(
    private readonly bulletins: PublicBulletinsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get()
  root(@Res() res: Response) {
    res.redirect(302, '/public/events');
  }

  @Public()
  @Get('events')
  async list(@Res() res: Response) {
    send(res, 200, 'text/html; charset=utf-8', eventsPage(await this.bulletins.openEvents(), this.bulletins.prefecture));
  }

  @Public()
  @Get('events/:id')
  async page(@Param('id') id: string, @Res() res: Response) {
    const data = await this.bulletins.ofEvent(id);
    if (!data) return notFound(res, this.bulletins.prefecture, 'event');
    send(res, 200, 'text/html; charset=utf-8', eventPage(data, this.bulletins.prefecture, { atom: `/public/events/${data.event.id}/feed.atom`, cap: `/public/events/${data.event.id}/cap.xml` }));
  }

  @Public()
  @Get('events/:id/feed.atom')
  async eventFeed(@Param('id') id: string, @Res() res: Response) {
    const data = await this.bulletins.ofEvent(id);
    if (!data) return notFound(res, this.bulletins.prefecture, 'event');
    const { event } = data;
    const page = pageUrl(this.config, event.id);
    const xml = atomFeed(
      {
        id: `urn:uuid:${event.id}`,
        title: `${event.mode === 'exercise' ? `${EXERCISE_MARKING} | ` : ''}${event.title} — Information du public`,
        subtitle: `${event.kindLabel} · ${event.communes.map((c) => c.name).join(', ')}`,
        author: this.bulletins.publisherName,
        selfUrl: `${page}/feed.atom`,
        pageUrl: page,
        fallbackUpdated: event.createdAt,
      },
      bulletinEntries(event, data.bulletins, page),
    );
    send(res, 200, ATOM, xml);
  }

  @Public()
  @Get('events/:id/cap.xml')
  async eventCap(@Param('id') id: string, @Res() res: Response) {
    const data = await this.bulletins.ofEvent(id);
    if (!data) return notFound(res, this.bulletins.prefecture, 'event');
    const alert = currentCapAlert(data.event, data.bulletins, capContext(this.config, this.bulletins.publisherName, data.event.id));
    if (!alert) return notFound(res, this.bulletins.prefecture, 'alert');
    send(res, 200, CAP, alert.xml);
  }

  @Public()
  @Get('feed.atom')
  async allFeed(@Res() res: Response) {
    const recent = await this.bulletins.recentlyPublished();
    const base = this.config.publicBaseUrl;
    const entries = recent.flatMap(({ event, bulletins }) => bulletinEntries(event, bulletins, pageUrl(this.config, event.id)));
    const xml = atomFeed(
      {
        id: `${base}/public/feed.atom`,
        title: `${this.bulletins.publisherName} — Information du public`,
        subtitle: 'Bulletins de tous les événements',
        author: this.bulletins.publisherName,
        selfUrl: `${base}/public/feed.atom`,
        pageUrl: `${base}/public/events`,
        fallbackUpdated: new Date(0),
      },
      entries.sort((a, b) => b.updated.getTime() - a.updated.getTime()).slice(0, 100),
    );
    send(res, 200, ATOM, xml);
  }

  /**
   * The CAP index of all events: an Atom feed with, per event, its current
   * alert (the latest bulletin, or the Cancel of a closed event), linked as
   * application/cap+xml — the form CAP aggregators read.
   */
  @Public()
  @Get('cap.xml')
  async allCap(@Res() res: Response) {
    const base = this.config.publicBaseUrl;
    const entries = (await this.bulletins.recentlyPublished()).flatMap(({ event, bulletins }) => {
      const alert = currentCapAlert(event, bulletins, capContext(this.config, this.bulletins.publisherName, event.id));
      if (!alert) return [];
      const capUrl = `${pageUrl(this.config, event.id)}/cap.xml`;
      return [
        {
          id: `${capUrl}#${alert.identifier}`,
          title: alert.headline,
          updated: new Date(alert.sent),
          url: capUrl,
          urlType: 'application/cap+xml',
          summary: `${alert.msgType} ${alert.identifier}`,
          content: '',
          categories: [event.kindLabel],
        },
      ];
    });
    const xml = atomFeed(
      {
        id: `${base}/public/cap.xml`,
        title: `${this.bulletins.publisherName} — Alertes CAP`,
        subtitle: 'Alerte CAP 1.2 en cours pour chaque événement',
        author: this.bulletins.publisherName,
        selfUrl: `${base}/public/cap.xml`,
        pageUrl: `${base}/public/events`,
        fallbackUpdated: new Date(0),
      },
      entries,
    );
    send(res, 200, ATOM, xml);
  }
}

// Helpers live outside the class: every method of a controller is a route and must declare its roles.
function pageUrl(config: AppConfig, eventId: string): string {
  return `${config.publicBaseUrl}/public/events/${eventId}`;
}

function capContext(config: AppConfig, publisher: string, eventId: string): CapContext {
  return { sender: new URL(config.publicBaseUrl).host, senderName: publisher, pageUrl: pageUrl(config, eventId) };
}

function notFound(res: Response, prefecture: PrefectureIdentity, what: 'event' | 'alert') {
  send(res, 404, 'text/html; charset=utf-8', notFoundPage(prefecture, what));
}

// Revalidated at every read (the ETag makes that cheap): the public must never read a stale bulletin from a cache.
function send(res: Response, status: number, type: string, body: string) {
  res
    .status(status)
    .set({ 'Content-Type': type, 'Cache-Control': 'public, no-cache', 'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': PUBLIC_PAGE_CSP, 'Referrer-Policy': 'no-referrer' })
    .send(body);
}
