import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { loggerParams } from './common/logging';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { dataSourceOptions } from './database/data-source.options';
import { DATABASE_HANDLE, DatabaseHandle } from './database/database-handle';
import { DatabaseModule } from './database/database.module';
import { AuditModule } from './modules/audit/audit.module';
import { AuthModule } from './modules/auth/auth.module';
import { CellModule } from './modules/cell/cell.module';
import { ContactsModule } from './modules/contacts/contacts.module';
import { DebriefsModule } from './modules/debriefs/debriefs.module';
import { DeliveryModule } from './modules/delivery/delivery.module';
import { EventsModule } from './modules/events/events.module';
import { ExercisesModule } from './modules/exercises/exercises.module';
import { HealthModule } from './modules/health/health.module';
import { LiveModule } from './modules/live/live.module';
import { MessagesModule } from './modules/messages/messages.module';
import { LiveGatewayModule } from './modules/live/live-gateway.module';
import { ConsoleModule } from './modules/console/console.module';
import { ProofModule } from './modules/proof/proof.module';
import { PublicPageModule } from './modules/public-page/public-page.module';
import { ReportsModule } from './modules/reports/reports.module';
import { UnitOfWorkModule } from './modules/unit-of-work/unit-of-work.module';
import { UsersModule } from './modules/users/users.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, db: DatabaseHandle, logStream?: DestinationStream): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(db),
        LoggerModule.forRoot(loggerParams(config, logStream)),
        TypeOrmModule.forRoot({ ...dataSourceOptions(db.url, db.poolSize), autoLoadEntities: true }),
        ScheduleModule.forRoot(),
        LiveModule,
        AuditModule,
        UnitOfWorkModule,
        UsersModule,
        AuthModule,
        HealthModule,
        EventsModule,
        CellModule,
        DeliveryModule,
        MessagesModule,
        ContactsModule,
        DebriefsModule,
        LiveGatewayModule,
        ConsoleModule,
        PublicPageModule,
        ReportsModule,
        ProofModule,
        ExercisesModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: HttpExceptionFilter }],
    };
  }
}
