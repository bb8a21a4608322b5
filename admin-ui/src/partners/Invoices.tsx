import { Button, Card, CardContent, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField as MuiTextField, Typography } from '@mui/material';
import { useState } from 'react';
import { Datagrid, DateField, List, Show, SimpleShowLayout, TextField, TextInput, useRecordContext } from 'react-admin';
import { RESOURCES } from '../resources';
import { MoneyField } from '../shared/fields';
import { CsvDownloadButton, IssueMonth } from '../shared/month-tools';
import { useAdminAction } from '../use-admin-action';

const RECORD = `mutation($id: ID!, $amount: Int!, $reference: String!) { recordInvoicePayment(invoiceId: $id, amount: $amount, reference: $reference) {
  invoice { ${RESOURCES.partnerInvoices.selection} } errors { code message field } } }`;

const filters = [<TextInput key="month" source="month" label="Month (YYYY-MM)" alwaysOn />];

export function InvoiceList() {
  return (
    <>
      <IssueMonth mutation="issuePartnerInvoices" title="Issue a closed month's partner invoices" noun="invoices" />
      <List title="Partner invoices" filters={filters} exporter={false}>
        <Datagrid rowClick="show" bulkActionButtons={false}>
          <TextField source="number" sortable={false} />
          <TextField source="partner.name" label="Partner" sortable={false} />
          <TextField source="month" sortable={false} />
          <MoneyField source="amountDue" label="Amount due" sortable={false} />
          <MoneyField source="amountPaid" label="Paid" sortable={false} />
          <TextField source="dueDate" label="Due" sortable={false} />
          <TextField source="status" sortable={false} />
        </Datagrid>
      </List>
    </>
  );
}

/** The payments recorded so far, and a form for the next one (the bank's reference makes a retry safe). */
function Payments() {
  const record = useRecordContext();
  const { run, running } = useAdminAction();
  const [amount, setAmount] = useState('');
  const [reference, setReference] = useState('');
  if (!record) return null;
  const payments = (record.payments ?? []) as Array<{ reference: string; amount: { formatted: string }; createdAt: string }>;
  const open = record.status === 'OPEN' || record.status === 'PARTIALLY_PAID';
  const submit = async () => {
    const done = await run(RECORD, { id: record.id, amount: Number(amount), reference: reference.trim() }, 'recordInvoicePayment', 'Payment recorded.');
    if (done) {
      setAmount('');
      setReference('');
    }
  };
  return (
    <Card variant="outlined" sx={{ mt: 2 }}>
      <CardContent>
        <Typography variant="h6" gutterBottom>
          Payments
        </Typography>
        <Table size="small" aria-label="Payments">
          <TableHead>
            <TableRow>
              <TableCell>Reference</TableCell>
              <TableCell>Amount</TableCell>
              <TableCell>Recorded</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {payments.map((p) => (
              <TableRow key={p.reference}>
                <TableCell>{p.reference}</TableCell>
                <TableCell>{p.amount.formatted}</TableCell>
                <TableCell>{new Date(p.createdAt).toLocaleString()}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        {open && (
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mt: 2 }}>
            <MuiTextField size="small" label="Amount in minor units" value={amount} onChange={(e) => setAmount(e.target.value)} />
            <MuiTextField size="small" label="Bank reference" value={reference} onChange={(e) => setReference(e.target.value)} />
            <Button variant="contained" disabled={running || !amount.trim() || !reference.trim()} onClick={submit}>
              Record payment
            </Button>
          </Stack>
        )}
      </CardContent>
    </Card>
  );
}

function InvoiceCsv() {
  const record = useRecordContext();
  if (!record) return null;
  return <CsvDownloadButton type="PartnerInvoice" id={String(record.id)} fileName={`${record.number}.csv`} />;
}

export function InvoiceShow() {
  return (
    <Show title="Partner invoice">
      <SimpleShowLayout>
        <TextField source="number" />
        <TextField source="partner.name" label="Partner" />
        <TextField source="month" />
        <MoneyField source="previousBalance" label="Previous balance" />
        <MoneyField source="partnerSales" label="Partner sales" />
        <MoneyField source="seatPacks" label="Seat packs" />
        <MoneyField source="refunds" label="Refunds" />
        <MoneyField source="paymentsReceived" label="Payments received in the month" />
        <MoneyField source="amountDue" label="Amount due" />
        <MoneyField source="amountPaid" label="Paid against this invoice" />
        <TextField source="dueDate" label="Due date" />
        <TextField source="status" />
        <DateField source="createdAt" label="Issued" showTime />
        <InvoiceCsv />
        <Payments />
      </SimpleShowLayout>
    </Show>
  );
}
