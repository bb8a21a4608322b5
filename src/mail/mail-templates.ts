import { formatMoney } from '../common/money';
import { MailBody, MailLocale, renderMail, RenderedMail } from './mail-layout';

/**
 * Every message Knowpay sends, in English and Chinese. The outbox stores the
 * template's name and its data (amounts in minor units, moments as ISO
 * strings); the message is written in the recipient's language when sent.
 */
interface Money {
  amount: number;
  currency: string;
}

export interface MailTemplates {
  'verify-email': { name: string; url: string; hours: number };
  'change-email': { name: string; url: string; hours: number; newEmail: string };
  'password-reset': { name: string; url: string; minutes: number };
  'password-changed': { name: string };
  receipt: { name: string; orderId: string; lines: Array<{ title: string; quantity: number; amount: Money }>; total: Money; paidAt: string };
  'renewal-upcoming': { name: string; plan: string; price: Money; renewsAt: string };
  'renewal-failed': { name: string; plan: string; price: Money; reason: string; nextRetryAt: string | null };
  'refund-decided': { name: string; orderId: string; amount: Money; approved: boolean; note: string | null };
  invitation: { name: string; url: string; from: string | null; hours: number };
  'live-session-starting': { name: string; course: string; lesson: string; startsAt: string; url: string };
}

export type MailTemplate = keyof MailTemplates;
export const MAIL_TEMPLATES: readonly MailTemplate[] = [
  'verify-email',
  'change-email',
  'password-reset',
  'password-changed',
  'receipt',
  'renewal-upcoming',
  'renewal-failed',
  'refund-decided',
  'invitation',
  'live-session-starting',
];

const money = (m: Money, locale: MailLocale) => formatMoney(m, locale === 'zh' ? 'zh-CN' : 'en-US');
const moment = (iso: string, locale: MailLocale) =>
  new Intl.DateTimeFormat(locale === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(iso)) + ' UTC';

type Writer<T> = (data: T, locale: MailLocale) => Omit<MailBody, 'greeting' | 'footer'>;
const en = (locale: MailLocale) => locale === 'en';

const WRITERS: { [K in MailTemplate]: Writer<MailTemplates[K]> } = {
  'verify-email': (d, l) =>
    en(l)
      ? {
          subject: 'Confirm your email address',
          paragraphs: [`Confirm this address to start free trials, chat and publish courses. The link works once, for ${d.hours} hours.`],
          action: { label: 'Confirm email', url: d.url },
        }
      : {
          subject: '请验证您的邮箱地址',
          paragraphs: [`验证邮箱后即可开始免费试用、参与聊天并发布课程。此链接仅可使用一次，${d.hours} 小时内有效。`],
          action: { label: '验证邮箱', url: d.url },
        },
  'change-email': (d, l) =>
    en(l)
      ? {
          subject: 'Confirm your new email address',
          paragraphs: [`You asked to sign in with ${d.newEmail} from now on. It takes effect when you confirm it; the link works once, for ${d.hours} hours.`],
          action: { label: 'Confirm new address', url: d.url },
        }
      : {
          subject: '请验证您的新邮箱地址',
          paragraphs: [`您申请将登录邮箱更改为 ${d.newEmail}。验证后生效；此链接仅可使用一次，${d.hours} 小时内有效。`],
          action: { label: '验证新邮箱', url: d.url },
        },
  'password-reset': (d, l) =>
    en(l)
      ? {
          subject: 'Reset your password',
          paragraphs: [
            `Someone (hopefully you) asked to reset your password. The link works once, for ${d.minutes} minutes. If it wasn't you, ignore this message.`,
          ],
          action: { label: 'Choose a new password', url: d.url },
        }
      : {
          subject: '重置您的密码',
          paragraphs: [`有人（希望是您本人）申请重置您的密码。此链接仅可使用一次，${d.minutes} 分钟内有效。如果不是您本人操作，请忽略此邮件。`],
          action: { label: '设置新密码', url: d.url },
        },
  'password-changed': (_d, l) =>
    en(l)
      ? {
          subject: 'Your password was changed',
          paragraphs: ["Your password was changed and every other session was signed out. If this wasn't you, reset your password now."],
        }
      : { subject: '您的密码已更改', paragraphs: ['您的密码已更改，其他所有登录会话均已退出。如果不是您本人操作，请立即重置密码。'] },
  receipt: (d, l) => ({
    subject: en(l) ? `Your receipt: ${money(d.total, l)}` : `您的收据：${money(d.total, l)}`,
    paragraphs: [
      en(l) ? `Thank you for your purchase. Payment received on ${moment(d.paidAt, l)}.` : `感谢您的购买。付款已于 ${moment(d.paidAt, l)} 收到。`,
      en(l) ? `Order ${d.orderId}` : `订单号 ${d.orderId}`,
    ],
    rows: [
      ...d.lines.map((line): [string, string] => [line.quantity > 1 ? `${line.title} × ${line.quantity}` : line.title, money(line.amount, l)]),
      [en(l) ? 'Total' : '合计', money(d.total, l)],
    ],
  }),
  'renewal-upcoming': (d, l) =>
    en(l)
      ? {
          subject: `Your ${d.plan} membership renews soon`,
          paragraphs: [`Your membership renews on ${moment(d.renewsAt, l)} for ${money(d.price, l)}. Cancel before then if you don't want to continue.`],
        }
      : {
          subject: `您的会员「${d.plan}」即将续费`,
          paragraphs: [`您的会员将于 ${moment(d.renewsAt, l)} 续费 ${money(d.price, l)}。如不想继续，请在此之前取消。`],
        },
  'renewal-failed': (d, l) => ({
    subject: en(l) ? `We couldn't renew your ${d.plan} membership` : `您的会员「${d.plan}」续费失败`,
    paragraphs: [
      en(l) ? `The payment of ${money(d.price, l)} failed: ${d.reason}.` : `${money(d.price, l)} 的付款失败：${d.reason}。`,
      d.nextRetryAt
        ? en(l)
          ? `We'll try again on ${moment(d.nextRetryAt, l)}; update your card before then to keep access.`
          : `我们将于 ${moment(d.nextRetryAt, l)} 再次尝试扣款；请在此之前更新您的银行卡以保留会员权益。`
        : en(l)
          ? "We won't try again; your membership has ended. Subscribe again any time."
          : '我们不会再尝试扣款；您的会员已结束。您可以随时重新订阅。',
    ],
  }),
  'refund-decided': (d, l) => ({
    subject: d.approved
      ? en(l)
        ? `Refund of ${money(d.amount, l)} approved`
        : `已批准退款 ${money(d.amount, l)}`
      : en(l)
        ? 'Your refund request was declined'
        : '您的退款申请未获批准',
    paragraphs: [
      d.approved
        ? en(l)
          ? `We've refunded ${money(d.amount, l)} for order ${d.orderId} to your original payment method.`
          : `订单 ${d.orderId} 的 ${money(d.amount, l)} 已退回您的原支付方式。`
        : en(l)
          ? `Your refund request for order ${d.orderId} was declined.`
          : `您对订单 ${d.orderId} 的退款申请未获批准。`,
      ...(d.note ? [d.note] : []),
    ],
  }),
  invitation: (d, l) =>
    en(l)
      ? {
          subject: 'Your Knowpay account is ready',
          paragraphs: [
            `${d.from ? `${d.from} enrolled you on Knowpay.` : 'You have a Knowpay account.'} Choose a password to start learning; the link works once, for ${d.hours} hours.`,
          ],
          action: { label: 'Choose a password', url: d.url },
        }
      : {
          subject: '您的 Knowpay 账户已开通',
          paragraphs: [
            `${d.from ? `${d.from} 已为您在 Knowpay 报名。` : '您已拥有 Knowpay 账户。'}设置密码即可开始学习；此链接仅可使用一次，${d.hours} 小时内有效。`,
          ],
          action: { label: '设置密码', url: d.url },
        },
  'live-session-starting': (d, l) =>
    en(l)
      ? {
          subject: `Starting soon: ${d.lesson}`,
          paragraphs: [`The live session "${d.lesson}" of ${d.course} starts at ${moment(d.startsAt, l)}.`],
          action: { label: 'Join', url: d.url },
        }
      : {
          subject: `即将开始：${d.lesson}`,
          paragraphs: [`课程「${d.course}」的直播「${d.lesson}」将于 ${moment(d.startsAt, l)} 开始。`],
          action: { label: '进入直播', url: d.url },
        },
};

export function writeMail<K extends MailTemplate>(template: K, data: MailTemplates[K], locale: MailLocale): RenderedMail {
  const writer = WRITERS[template] as Writer<MailTemplates[K]> | undefined;
  if (!writer) throw new Error(`unknown mail template ${String(template)}`);
  const body = writer(data, locale);
  return renderMail(
    {
      ...body,
      greeting: en(locale) ? `Hi ${data.name},` : `${data.name}，您好：`,
      footer: en(locale) ? 'Knowpay · you get this message because of your account activity.' : 'Knowpay · 您收到此邮件是因为您的账户活动。',
    },
    locale,
  );
}
