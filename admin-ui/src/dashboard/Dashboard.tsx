import { Alert, Card, CardContent, CardHeader, Grid, MenuItem, Select, Stack, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import { Title, usePermissions } from 'react-admin';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { isAdmin } from '../auth-provider';
import { DashboardData, loadDashboard, loadModerationMetrics, majorUnits, ModerationDay } from './dashboard-api';

const COLORS = ['#1976d2', '#9c27b0', '#2e7d32', '#ed6c02', '#d32f2f'];

function ChartCard({ title, children }: { title: string; children: React.ReactElement }) {
  return (
    <Card variant="outlined">
      <CardHeader title={title} slotProps={{ title: { variant: 'subtitle1' } }} />
      <CardContent sx={{ height: 260 }}>
        <ResponsiveContainer width="100%" height="100%">
          {children}
        </ResponsiveContainer>
      </CardContent>
    </Card>
  );
}

function Figure({ label, value }: { label: string; value: string | number }) {
  return (
    <Card variant="outlined" sx={{ minWidth: 160 }}>
      <CardContent>
        <Typography variant="overline">{label}</Typography>
        <Typography variant="h5" data-figure={label}>
          {value}
        </Typography>
      </CardContent>
    </Card>
  );
}

/** Revenue per currency, one line each, keyed by day. */
function revenueRows(data: DashboardData) {
  const byDay = new Map<string, Record<string, number | string>>();
  for (const series of data.revenue) {
    for (const d of series.days) {
      const row = byDay.get(d.day) ?? { day: d.day };
      row[series.currency] = majorUnits(d.net.amount, series.currency);
      byDay.set(d.day, row);
    }
  }
  return [...byDay.values()].sort((a, b) => String(a.day).localeCompare(String(b.day)));
}

export function Dashboard() {
  const { permissions } = usePermissions();
  const admin = isAdmin(permissions);
  const [days, setDays] = useState(30);
  const [data, setData] = useState<DashboardData | null>(null);
  const [moderation, setModeration] = useState<ModerationDay[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    setProblem(null);
    if (admin) loadDashboard(days).then(setData, (e: Error) => setProblem(e.message));
    loadModerationMetrics(days).then(setModeration, (e: Error) => setProblem(e.message));
  }, [days, admin]);

  return (
    <Stack spacing={2} sx={{ mt: 2 }}>
      <Title title="Dashboard" />
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <Typography variant="h5">Knowpay at a glance</Typography>
        <Select size="small" value={days} onChange={(e) => setDays(Number(e.target.value))} aria-label="Period">
          {[7, 30, 90].map((d) => (
            <MenuItem key={d} value={d}>
              last {d} days
            </MenuItem>
          ))}
        </Select>
      </Stack>
      {problem && <Alert severity="warning">{problem}</Alert>}
      {data && (
        <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap' }}>
          {data.totals.revenue.map((m) => (
            <Figure key={m.formatted} label="Revenue" value={m.formatted} />
          ))}
          <Figure label="Paid orders" value={data.totals.paidOrders} />
          <Figure label="New enrollments" value={data.totals.newEnrollments} />
          <Figure label="New users" value={data.totals.newUsers} />
          <Figure label="Open refund requests" value={data.totals.openRefundRequests} />
        </Stack>
      )}
      <Grid container spacing={2}>
        {data && (
          <Grid size={{ xs: 12, md: 6 }}>
            <ChartCard title="Revenue over time (net of refunds)">
              <LineChart data={revenueRows(data)}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="day" />
                <YAxis />
                <Tooltip />
                <Legend />
                {data.revenue.map((s, i) => (
                  <Line key={s.currency} type="monotone" dataKey={s.currency} stroke={COLORS[i % COLORS.length]} dot={false} />
                ))}
              </LineChart>
            </ChartCard>
          </Grid>
        )}
        {data && (
          <Grid size={{ xs: 12, md: 6 }}>
            <ChartCard title="New enrollments">
              <BarChart data={data.newEnrollments}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="day" />
                <YAxis allowDecimals={false} />
                <Tooltip />
                <Bar dataKey="count" name="Enrollments" fill={COLORS[2]} />
              </BarChart>
            </ChartCard>
          </Grid>
        )}
        {moderation && (
          <Grid size={{ xs: 12, md: 6 }}>
            <ChartCard title="Moderation volume">
              <BarChart data={moderation}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="day" />
                <YAxis allowDecimals={false} />
                <Tooltip />
                <Legend />
                <Bar dataKey="opened" name="Opened" fill={COLORS[0]} />
                <Bar dataKey="resolved" name="Resolved" fill={COLORS[2]} />
                <Bar dataKey="removed" name="Removed" fill={COLORS[4]} />
              </BarChart>
            </ChartCard>
          </Grid>
        )}
        {moderation && (
          <Grid size={{ xs: 12, md: 6 }}>
            <ChartCard title="Model precision and recall against moderator decisions">
              <LineChart data={moderation}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="day" />
                <YAxis domain={[0, 1]} />
                <Tooltip />
                <Legend />
                <Line type="monotone" dataKey="precision" name="Precision" stroke={COLORS[1]} connectNulls />
                <Line type="monotone" dataKey="recall" name="Recall" stroke={COLORS[3]} connectNulls />
              </LineChart>
            </ChartCard>
          </Grid>
        )}
      </Grid>
    </Stack>
  );
}
