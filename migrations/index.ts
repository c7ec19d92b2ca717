import { Foundation1795879527863 } from './1795879527863-Foundation';
import { MajorEventsAndClocks1795880990818 } from './1795880990818-MajorEventsAndClocks';
import { MessagesAndDeliveries1795934341344 } from './1795934341344-MessagesAndDeliveries';
import { Contacts1795934403232 } from './1795934403232-Contacts';
import { CellRosterAndPaging1795934464881 } from './1795934464881-CellRosterAndPaging';
import { Debriefs1796297884486 } from './1796297884486-Debriefs';
import { ExerciseProgrammeAndInjects1796298749143 } from './1796298749143-ExerciseProgrammeAndInjects';
import { CellPagesInTheOutbox1796560738076 } from './1796560738076-CellPagesInTheOutbox';
import { FederatedSessions1796561909217 } from './1796561909217-FederatedSessions';
import { LiveClusterAttachments1796562000000 } from './1796562000000-LiveClusterAttachments';
import { OwnersOfADelivery1796570730062 } from './1796570730062-OwnersOfADelivery';
import { ProviderFallbackAndReceipts1796570782814 } from './1796570782814-ProviderFallbackAndReceipts';
import { SmsJobIndex1796600000000 } from './1796600000000-SmsJobIndex';
import { DeliveryLaneIndex1796602530486 } from './1796602530486-DeliveryLaneIndex';

// Every migration, in order. A generated migration is added here by hand after
// review; test/migrations.e2e-spec.ts fails if one is forgotten.
export const migrations = [
  Foundation1795879527863,
  MajorEventsAndClocks1795880990818,
  MessagesAndDeliveries1795934341344,
  Contacts1795934403232,
  CellRosterAndPaging1795934464881,
  Debriefs1796297884486,
  ExerciseProgrammeAndInjects1796298749143,
  CellPagesInTheOutbox1796560738076,
  FederatedSessions1796561909217,
  LiveClusterAttachments1796562000000,
  OwnersOfADelivery1796570730062,
  ProviderFallbackAndReceipts1796570782814,
  SmsJobIndex1796600000000,
  DeliveryLaneIndex1796602530486,
];
