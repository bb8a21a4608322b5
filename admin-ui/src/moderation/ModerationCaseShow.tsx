import { Alert, Box, Button, Card, CardContent, Stack, TextField as MuiTextField, Typography } from '@mui/material';
import { useState } from 'react';
import { DateField, Labeled, NumberField, Show, SimpleShowLayout, TextField, useRecordContext } from 'react-admin';
import { ChipsField, PersonField } from '../shared/fields';
import { useAdminAction } from '../use-admin-action';
import { CLAIM_CASE, MODERATION_ACTIONS, RESOLVE_CASE } from './moderation-api';
import { ScoresField } from './ModerationQueue';

/** Claim, then one click per decision; the note goes with the decision into the audit log. */
function DecisionPanel() {
  const record = useRecordContext();
  const { run, running } = useAdminAction();
  const [note, setNote] = useState('');
  if (!record) return null;
  if (record.status === 'RESOLVED') {
    return (
      <Alert severity="info">
        Resolved: {String(record.resolution)}
        {record.resolutionNote ? ` — ${record.resolutionNote}` : ''}
      </Alert>
    );
  }
  const claimable = record.status === 'OPEN' || record.status === 'APPEALED';
  return (
    <Card variant="outlined" sx={{ mt: 2 }}>
      <CardContent>
        <Typography variant="h6" gutterBottom>
          Decision
        </Typography>
        <Stack spacing={2}>
          {claimable && (
            <Box>
              <Button
                variant="outlined"
                disabled={running}
                onClick={() => run(CLAIM_CASE, { caseId: record.id }, 'claimModerationCase', 'Case claimed: it is yours to decide.')}
              >
                Claim
              </Button>
            </Box>
          )}
          <MuiTextField
            label="Note"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            multiline
            minRows={2}
            helperText="Recorded with the decision in the audit log."
            slotProps={{ htmlInput: { 'aria-label': 'Decision note' } }}
          />
          <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
            {MODERATION_ACTIONS.map(({ action, label, color }) => (
              <Button
                key={action}
                variant="contained"
                color={color}
                disabled={running}
                onClick={() =>
                  run(
                    RESOLVE_CASE,
                    { input: { caseId: record.id, action, note: note.trim() || null } },
                    'resolveModerationCase',
                    `Decided: ${label.toLowerCase()}.`,
                  )
                }
              >
                {label}
              </Button>
            ))}
          </Stack>
        </Stack>
      </CardContent>
    </Card>
  );
}

export function ModerationCaseShow() {
  return (
    <Show title="Moderation case">
      <SimpleShowLayout>
        <TextField source="excerpt" label="Content" sx={{ whiteSpace: 'pre-wrap' }} />
        <TextField source="contentKind" label="Kind" />
        <PersonField source="author" label="Author" sortable={false} />
        <Labeled label="Model scores">
          <ScoresField />
        </Labeled>
        <ChipsField source="reasons" label="Report reasons" sortable={false} />
        <NumberField source="reportCount" label="Reports" />
        <TextField source="status" />
        <PersonField source="assignee" label="Assignee" sortable={false} />
        <DateField source="createdAt" label="Opened" showTime />
        <DecisionPanel />
      </SimpleShowLayout>
    </Show>
  );
}
