import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import { Logger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module';
import { edgeInputMiddleware } from './common/edge-input.middleware';
import { loggerParams } from './common/logging';
import { usePinoRootLogger } from './common/pino-root-logger';
import { securityHeaders } from './common/security-headers';
import { appValidationPipe } from './common/validation.pipe';
import { AppConfig } from './config/app-config';
import { DatabaseHandle, openDatabase } from './database/database-handle';
import { runMigrations } from './database/run-migrations';

export interface RunningApp {
  app: INestApplication;
  db: DatabaseHandle;
  close(): Promise<void>;
}

export interface CreateAppOptions {
  /** Where JSON log lines go (stdout by default); tests read them. */
  logStream?: DestinationStream;
  /** An already opened database (tests share one server and create a database each). */
  db?: DatabaseHandle;
}

/** Builds the whole application on its database; used by main.ts, the tests and the bench. */
export async function createApp(config: AppConfig, opts: CreateAppOptions = {}): Promise<RunningApp> {
  const db = opts.db ?? (await openDatabase(config));
  try {
    await runMigrations(db);
    usePinoRootLogger(loggerParams(config, opts.logStream));
    const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, db, opts.logStream), { bufferLogs: true, rawBody: true });
    app.useLogger(app.get(Logger));
    app.set('trust proxy', config.trustProxy);
    app.disable('x-powered-by');
    app.use(...securityHeaders({ https: config.cookieSecure }));
    app.use(cookieParser());
    // The parsers Nest would add at init, added here so that the edge check runs after them.
    app.useBodyParser('json');
    app.useBodyParser('urlencoded', { extended: true });
    app.use(edgeInputMiddleware);
    app.useGlobalPipes(appValidationPipe());
    const doc = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Communication de crise — préfecture')
        .setDescription('COD activation, commitment clocks, cell paging, messages to every audience, audit log.')
        .setVersion('0.1.0')
        .addBearerAuth()
        .build(),
    );
    SwaggerModule.setup('api/docs', app, doc, { jsonDocumentUrl: 'api/docs-json' });
    await app.init();
    return {
      app,
      db,
      async close() {
        await app.close();
        if (!opts.db) await db.stop();
      },
    };
  } catch (e) {
    if (!opts.db) await db.stop().catch(() => undefined);
    throw e;
  }
}
