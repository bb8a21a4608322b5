import { uniqueRowLoader } from '../db/row-loaders';
import { CreatorPayoutEntity, CreatorStatementEntity } from './creator-statement.entity';

export const statementById = uniqueRowLoader(CreatorStatementEntity, 'id');
export const payoutByStatementId = uniqueRowLoader(CreatorPayoutEntity, 'statementId');
