import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { ContactsModule } from '../contacts/contacts.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { EventsModule } from '../events/events.module';
import { UnitOfWorkModule } from '../unit-of-work/unit-of-work.module';
import { MessageDispatchService } from './message-dispatch.service';
import { MessageEntity } from './message.entity';
import { MessageReadsService } from './message-reads.service';
import { MessageReadsStore } from './message-reads.store';
import { MessagesController } from './messages.controller';
import { MessagesService } from './messages.service';
import { MessagesStore } from './messages.store';
import { TemplatesService } from './templates.service';

@Module({
  imports: [TypeOrmModule.forFeature([MessageEntity]), AuditModule, UnitOfWorkModule, ContactsModule, DeliveryModule, EventsModule],
  controllers: [MessagesController],
  providers: [MessagesStore, MessageReadsStore, MessageReadsService, TemplatesService, MessagesService, MessageDispatchService],
  exports: [MessagesService, MessageReadsService],
})
export class MessagesModule {}
