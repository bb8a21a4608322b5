import { Chip, Stack, Typography } from '@mui/material';
import { Datagrid, DateField, List, NumberField, SelectInput, TextField, useRecordContext } from 'react-admin';
import { ChipsField, choicesOf, ExcerptField, PersonField } from '../shared/fields';
import { CONTENT_KINDS, MODERATION_STATUSES } from './moderation-api';
import { useLiveModerationQueue } from './use-live-moderation-queue';

interface Score {
  label: string;
  score: number;
  modelVersion: string;
}

/** Model scores as "label 0.93" chips, the highest first; high scores in red. */
export function ScoresField(_: { label?: string }) {
  const record = useRecordContext();
  const scores = [...((record?.scores as Score[] | undefined) ?? [])].sort((a, b) => b.score - a.score);
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
      {scores.map((s) => (
        <Chip
          key={s.label}
          size="small"
          title={s.modelVersion}
          color={s.score >= 0.8 && s.label !== 'ok' ? 'error' : 'default'}
          label={`${s.label} ${s.score.toFixed(2)}`}
        />
      ))}
    </Stack>
  );
}

const filters = [
  <SelectInput key="status" source="status" choices={choicesOf(MODERATION_STATUSES)} alwaysOn />,
  <SelectInput key="contentKind" source="contentKind" label="Content" choices={choicesOf(CONTENT_KINDS)} alwaysOn />,
];

/**
 * The moderation queue: without a status filter the live queue (open, in
 * review, appealed), highest priority first; a row opens the case to claim
 * and decide it. It follows `moderationQueueChanged`, so new and changed
 * cases show up without a reload.
 */
export function ModerationQueue() {
  useLiveModerationQueue();
  return (
    <List
      title="Moderation queue"
      filters={filters}
      sort={{ field: 'createdAt', order: 'ASC' }}
      perPage={25}
      exporter={false}
      empty={
        <Typography variant="h6" sx={{ p: 4 }}>
          The queue is clear.
        </Typography>
      }
    >
      <Datagrid rowClick="show" bulkActionButtons={false}>
        <ExcerptField source="excerpt" label="Content" sortable={false} />
        <TextField source="contentKind" label="Kind" sortable={false} />
        <ScoresField label="Model scores" />
        <ChipsField source="reasons" label="Report reasons" sortable={false} />
        <NumberField source="reportCount" label="Reports" sortable={false} />
        <TextField source="status" sortable={false} />
        <PersonField source="assignee" label="Assignee" sortable={false} />
        <DateField source="createdAt" label="Opened" showTime sortable={false} />
      </Datagrid>
    </List>
  );
}
