import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { AuthStore } from './auth.store';
import { LoginFailureEntity } from './login-failure.entity';
import { SessionEntity } from './session.entity';
import { UnitOfWorkModule } from '../unit-of-work/unit-of-work.module';
import { OidcController } from './oidc.controller';
import { OidcService } from './oidc.service';

@Module({
  imports: [TypeOrmModule.forFeature([SessionEntity, LoginFailureEntity]), UsersModule, AuditModule, UnitOfWorkModule],
  controllers: [AuthController, OidcController],
  providers: [AuthStore, AuthService, OidcService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService],
})
export class AuthModule {}
