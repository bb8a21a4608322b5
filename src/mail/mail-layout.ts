/**
 * One look for every message: a greeting, paragraphs, an optional button
 * with its link, a footer. Templates say what to write; this file writes
 * both parts of the message from it, the HTML escaped, the plain text with
 * the link spelled out (mail clients that show only text still get it).
 */
export type MailLocale = 'en' | 'zh';

export const MAIL_LOCALES: readonly MailLocale[] = ['en', 'zh'];

export function mailLocale(value: unknown): MailLocale {
  return value === 'zh' ? 'zh' : 'en';
}

export interface MailBody {
  subject: string;
  greeting: string;
  paragraphs: string[];
  /** Rows of a small table (label, value), e.g. a receipt's lines. */
  rows?: Array<[string, string]>;
  action?: { label: string; url: string };
  footer: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

export function renderMail(body: MailBody, locale: MailLocale): RenderedMail {
  const text = [
    body.greeting,
    '',
    ...body.paragraphs.flatMap((p) => [p, '']),
    ...(body.rows?.length ? [...body.rows.map(([label, value]) => `${label}: ${value}`), ''] : []),
    ...(body.action ? [`${body.action.label}: ${body.action.url}`, ''] : []),
    '--',
    body.footer,
    '',
  ].join('\n');
  const html = `<!doctype html>
<html lang="${locale === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><title>${escapeHtml(body.subject)}</title></head>
<body style="font-family:system-ui,sans-serif;color:#1f2933;max-width:560px;margin:0 auto;padding:24px">
<p>${escapeHtml(body.greeting)}</p>
${body.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
${
  body.rows?.length
    ? `<table cellpadding="6" style="border-collapse:collapse">${body.rows
        .map(([label, value]) => `<tr><td>${escapeHtml(label)}</td><td style="text-align:right"><strong>${escapeHtml(value)}</strong></td></tr>`)
        .join('')}</table>`
    : ''
}
${
  body.action
    ? `<p><a href="${escapeHtml(body.action.url)}" style="display:inline-block;padding:10px 18px;background:#2563eb;color:#fff;border-radius:6px;text-decoration:none">${escapeHtml(body.action.label)}</a></p>
<p style="font-size:12px;color:#6b7280">${escapeHtml(body.action.url)}</p>`
    : ''
}
<hr style="border:none;border-top:1px solid #e5e7eb"><p style="font-size:12px;color:#6b7280">${escapeHtml(body.footer)}</p>
</body></html>
`;
  return { subject: body.subject, text, html };
}
