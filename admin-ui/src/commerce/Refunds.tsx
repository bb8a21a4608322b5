import { Alert, Button, Card, CardContent, Stack, TextField as MuiTextField, Typography } from '@mui/material';
import { useState } from 'react';
import { Datagrid, DateField, List, SelectInput, Show, SimpleShowLayout, TextField, useRecordContext } from 'react-admin';
import { RESOURCES } from '../resources';
import { choicesOf, MoneyField, PersonField } from '../shared/fields';
import { useAdminAction } from '../use-admin-action';

const REFUND_STATUSES = ['REQUESTED', 'APPROVED', 'REJECTED', 'SETTLED'] as const;
const RESOLVE_REFUND = `mutation($id: ID!, $approve: Boolean!, $note: String) {
  resolveRefund(id: $id, approve: $approve, note: $note) { refund { ${RESOURCES.refunds.selection} } errors { code message } } }`;

const filters = [<SelectInput key="status" source="status" choices={choicesOf(REFUND_STATUSES)} alwaysOn />];

export function RefundList() {
  return (
    <List title="Refund requests" filters={filters} filterDefaultValues={{ status: 'REQUESTED' }} exporter={false}>
      <Datagrid rowClick="show" bulkActionButtons={false}>
        <TextField source="order.code" label="Order" sortable={false} />
        <PersonField source="order.buyer" label="Buyer" sortable={false} />
        <MoneyField source="amount" label="Amount" sortable={false} />
        <TextField source="reason" sortable={false} />
        <TextField source="status" sortable={false} />
        <DateField source="createdAt" label="Requested" showTime sortable={false} />
      </Datagrid>
    </List>
  );
}

/** Approve (the provider pays back) or reject, with a note. */
function RefundDecision() {
  const record = useRecordContext();
  const { run, running } = useAdminAction();
  const [note, setNote] = useState('');
  if (!record) return null;
  if (record.status !== 'REQUESTED') return <Alert severity="info">This request is {String(record.status).toLowerCase()}.</Alert>;
  const decide = (approve: boolean) =>
    run(RESOLVE_REFUND, { id: record.id, approve, note: note.trim() || null }, 'resolveRefund', approve ? 'Refund approved.' : 'Refund rejected.');
  return (
    <Card variant="outlined" sx={{ mt: 2 }}>
      <CardContent>
        <Typography variant="h6" gutterBottom>
          Decision
        </Typography>
        <Stack spacing={2}>
          <MuiTextField label="Note" value={note} onChange={(e) => setNote(e.target.value)} slotProps={{ htmlInput: { 'aria-label': 'Refund note' } }} />
          <Stack direction="row" spacing={1}>
            <Button variant="contained" color="success" disabled={running} onClick={() => decide(true)}>
              Approve refund
            </Button>
            <Button variant="contained" color="error" disabled={running} onClick={() => decide(false)}>
              Reject refund
            </Button>
          </Stack>
        </Stack>
      </CardContent>
    </Card>
  );
}

export function RefundShow() {
  return (
    <Show title="Refund request">
      <SimpleShowLayout>
        <TextField source="order.code" label="Order" />
        <PersonField source="order.buyer" label="Buyer" sortable={false} />
        <MoneyField source="order.total" label="Order total" sortable={false} />
        <MoneyField source="amount" label="Refund" sortable={false} />
        <TextField source="reason" />
        <TextField source="status" />
        <DateField source="createdAt" label="Requested" showTime />
        <RefundDecision />
      </SimpleShowLayout>
    </Show>
  );
}
