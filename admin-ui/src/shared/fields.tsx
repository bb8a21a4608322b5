import { Chip, Stack } from '@mui/material';
import { useFieldValue } from 'react-admin';

interface Person {
  id: string;
  email?: string | null;
  profile?: { handle: string; displayName: string } | null;
}

/** A user shown (from a nested source like "order.buyer" too) as "Display Name (@handle)", or a dash. */
export function PersonField({ source }: { source: string; label?: string; sortable?: boolean }) {
  const person = useFieldValue({ source }) as Person | null | undefined;
  if (!person) return <span>—</span>;
  return <span>{person.profile ? `${person.profile.displayName} (@${person.profile.handle})` : (person.email ?? person.id)}</span>;
}

/** A list of strings as chips. */
export function ChipsField({ source }: { source: string; label?: string; sortable?: boolean }) {
  const values = (useFieldValue({ source }) as string[] | undefined) ?? [];
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
      {values.map((value) => (
        <Chip key={value} label={value} size="small" />
      ))}
    </Stack>
  );
}

/** Money from the API ({amount, currency, formatted}) in its formatted form. */
export function MoneyField({ source }: { source: string; label?: string; sortable?: boolean }) {
  const money = useFieldValue({ source }) as { formatted: string } | null | undefined;
  return <span>{money?.formatted ?? '—'}</span>;
}

/** Text cut to `length` characters, the whole of it in the tooltip. */
export function ExcerptField({ source, length = 90 }: { source: string; length?: number; label?: string; sortable?: boolean }) {
  const text = String(useFieldValue({ source }) ?? '');
  return <span title={text}>{text.length > length ? `${text.slice(0, length - 1)}…` : text}</span>;
}

export const choicesOf = (values: readonly string[]) => values.map((id) => ({ id, name: id.replace(/_/g, ' ').toLowerCase() }));
