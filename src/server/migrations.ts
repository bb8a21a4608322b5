import { Foundation1732300000000 } from '../../migrations/1732300000000-Foundation';
import { Commerce1732310000000 } from '../../migrations/1732310000000-Commerce';
import { Learning1732320000000 } from '../../migrations/1732320000000-Learning';
import { Models1732330000000 } from '../../migrations/1732330000000-Models';
import { Audit1732340000000 } from '../../migrations/1732340000000-Audit';
import { Moderation1732345000000 } from '../../migrations/1732345000000-Moderation';
import { PriceGuardrails1732346000000 } from '../../migrations/1732346000000-PriceGuardrails';
import { Partners1732350000000 } from '../../migrations/1732350000000-Partners';
import { AccessSignals1796500000000 } from '../../migrations/1796500000000-AccessSignals';
import { DurableMoney1796519700000 } from '../../migrations/1796519700000-DurableMoney';
import { School1796600000000 } from '../../migrations/1796600000000-School';
import { Accounts1796610000000 } from '../../migrations/1796610000000-Accounts';
import { Statements1796620000000 } from '../../migrations/1796620000000-Statements';
import { CatalogChangeSignals1796630000000 } from '../../migrations/1796630000000-CatalogChangeSignals';
import { LearnerActivity1796640000000 } from '../../migrations/1796640000000-LearnerActivity';
import { CourseCards1796650000000 } from '../../migrations/1796650000000-CourseCards';

/** Every migration, oldest first. The TypeORM CLI and the server both read this list. */
export const migrations = [
  Foundation1732300000000,
  Commerce1732310000000,
  Learning1732320000000,
  Models1732330000000,
  Audit1732340000000,
  Moderation1732345000000,
  PriceGuardrails1732346000000,
  Partners1732350000000,
  AccessSignals1796500000000,
  DurableMoney1796519700000,
  School1796600000000,
  Accounts1796610000000,
  Statements1796620000000,
  CatalogChangeSignals1796630000000,
  LearnerActivity1796640000000,
  CourseCards1796650000000,
];
