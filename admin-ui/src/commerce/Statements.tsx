import { Alert, Button, Card, CardContent, Stack, TextField as MuiTextField, Typography } from '@mui/material';
import { useState } from 'react';
import { Datagrid, DateField, List, Show, SimpleShowLayout, TextField, TextInput, useRecordContext } from 'react-admin';
import { RESOURCES } from '../resources';
import { MoneyField, PersonField } from '../shared/fields';
import { CsvDownloadButton, IssueMonth } from '../shared/month-tools';
import { useAdminAction } from '../use-admin-action';

const PAY = `mutation($id: ID!, $amount: Int) { payCreatorStatement(statementId: $id, amount: $amount) {
  statement { ${RESOURCES.creatorStatements.selection} } errors { code message field } } }`;

const filters = [<TextInput key="month" source="month" label="Month (YYYY-MM)" alwaysOn />];

export function StatementList() {
  return (
    <>
      <IssueMonth mutation="issueCreatorStatements" title="Issue a closed month's creator statements" noun="statements" />
      <List title="Creator statements" filters={filters} exporter={false}>
        <Datagrid rowClick="show" bulkActionButtons={false}>
          <TextField source="month" sortable={false} />
          <PersonField source="creator" label="Creator" sortable={false} />
          <MoneyField source="sales" label="Sales" sortable={false} />
          <MoneyField source="refunds" label="Refunds" sortable={false} />
          <MoneyField source="closingBalance" label="Closing balance" sortable={false} />
          <TextField source="status" sortable={false} />
        </Datagrid>
      </List>
    </>
  );
}

/** Record the payout of a DUE statement: by default its closing balance; the server refuses more than the creator holds now. */
function PayOut() {
  const record = useRecordContext();
  const { run, running } = useAdminAction();
  const [amount, setAmount] = useState('');
  if (!record) return null;
  if (record.status === 'PAID') return <Alert severity="success">Paid out: {record.payout?.amount?.formatted}.</Alert>;
  if (record.status === 'NOTHING_DUE') return <Alert severity="info">Nothing is due on this statement; its balance is carried into the next month.</Alert>;
  const pay = () => run(PAY, { id: record.id, amount: amount.trim() ? Number(amount) : null }, 'payCreatorStatement', 'Payout recorded.');
  return (
    <Card variant="outlined" sx={{ mt: 2 }}>
      <CardContent>
        <Typography variant="h6" gutterBottom>
          Payout
        </Typography>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <MuiTextField
            size="small"
            label="Amount in minor units (empty: the closing balance)"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            sx={{ minWidth: 360 }}
          />
          <Button variant="contained" disabled={running} onClick={pay}>
            Record payout
          </Button>
        </Stack>
      </CardContent>
    </Card>
  );
}

function StatementCsv() {
  const record = useRecordContext();
  if (!record) return null;
  return <CsvDownloadButton type="CreatorStatement" id={String(record.id)} fileName={`statement-${record.month}-${record.currency}.csv`} />;
}

export function StatementShow() {
  return (
    <Show title="Creator statement">
      <SimpleShowLayout>
        <TextField source="month" />
        <PersonField source="creator" label="Creator" />
        <TextField source="currency" />
        <MoneyField source="openingBalance" label="Opening balance" />
        <MoneyField source="sales" label="Sales" />
        <MoneyField source="memberships" label="Memberships" />
        <MoneyField source="tips" label="Tips" />
        <MoneyField source="refunds" label="Refunds" />
        <MoneyField source="platformFee" label="Platform fee" />
        <MoneyField source="partnerCommissions" label="Partner commissions" />
        <MoneyField source="payouts" label="Payouts" />
        <MoneyField source="closingBalance" label="Closing balance" />
        <TextField source="status" />
        <DateField source="createdAt" label="Issued" showTime />
        <StatementCsv />
        <PayOut />
      </SimpleShowLayout>
    </Show>
  );
}
