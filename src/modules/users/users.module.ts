import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { UserEntity } from './user.entity';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';
import { UsersStore } from './users.store';
import { UnitOfWorkModule } from '../unit-of-work/unit-of-work.module';

@Module({
  imports: [TypeOrmModule.forFeature([UserEntity]), AuditModule, UnitOfWorkModule],
  controllers: [UsersController],
  providers: [UsersStore, UsersService],
  exports: [UsersService],
})
export class UsersModule {}
