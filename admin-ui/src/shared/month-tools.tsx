import { Button, Card, CardContent, Stack, TextField as MuiTextField, Typography } from '@mui/material';
import { useState } from 'react';
import { useNotify } from 'react-admin';
import { gql } from '../graphql-client';
import { useAdminAction } from '../use-admin-action';

/** "YYYY-MM" of the month that ended last (UTC): what the monthly jobs issue. */
export function lastClosedMonth(now = new Date()): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
}

/** Issue a closed month's statements or invoices now (the server's jobs do it daily; issuing twice makes one). */
export function IssueMonth({ mutation, title, noun }: { mutation: 'issueCreatorStatements' | 'issuePartnerInvoices'; title: string; noun: string }) {
  const { run, running } = useAdminAction();
  const [month, setMonth] = useState(lastClosedMonth());
  const issue = async () => {
    const result = await run(
      `mutation($month: String!) { ${mutation}(month: $month) { month issued errors { code message field } } }`,
      { month: month.trim() },
      mutation,
      `Month ${month.trim()} issued.`,
    );
    return result;
  };
  return (
    <Card variant="outlined" sx={{ mb: 2 }}>
      <CardContent>
        <Typography variant="subtitle1" gutterBottom>
          {title}
        </Typography>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <MuiTextField size="small" label="Month (YYYY-MM)" value={month} onChange={(e) => setMonth(e.target.value)} />
          <Button variant="contained" disabled={running} onClick={issue}>
            Issue {noun}
          </Button>
        </Stack>
      </CardContent>
    </Card>
  );
}

/** Reads the record's `csv` field through the API (the admin's token) and saves it as a file. */
export function CsvDownloadButton({ type, id, fileName }: { type: 'CreatorStatement' | 'PartnerInvoice'; id: string; fileName: string }) {
  const notify = useNotify();
  const download = async () => {
    try {
      const data = await gql<{ node: { csv: string } | null }>(`query($id: ID!) { node(id: $id) { ... on ${type} { csv } } }`, { id });
      if (!data.node) throw new Error('Not found.');
      const url = URL.createObjectURL(new Blob([data.node.csv], { type: 'text/csv;charset=utf-8' }));
      const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
      link.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    }
  };
  return (
    <Button variant="outlined" onClick={download}>
      Download CSV
    </Button>
  );
}
