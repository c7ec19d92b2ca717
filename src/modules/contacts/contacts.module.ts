import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { EventsModule } from '../events/events.module';
import { ContactImportService } from './contact-import.service';
import { ContactListsService } from './contact-lists.service';
import { ContactSampleService } from './contact-sample.service';
import { ContactEntity } from './contact.entity';
import { ContactsController } from './contacts.controller';
import { ContactsService } from './contacts.service';
import { ContactsStore } from './contacts.store';
import { DistributionListMemberEntity } from './distribution-list-member.entity';
import { DistributionListEntity } from './distribution-list.entity';
import { UnitOfWorkModule } from '../unit-of-work/unit-of-work.module';

@Module({
  imports: [TypeOrmModule.forFeature([ContactEntity, DistributionListEntity, DistributionListMemberEntity]), AuditModule, EventsModule, UnitOfWorkModule],
  controllers: [ContactsController],
  providers: [ContactsStore, ContactsService, ContactListsService, ContactImportService, ContactSampleService],
  exports: [ContactsService],
})
export class ContactsModule {}
