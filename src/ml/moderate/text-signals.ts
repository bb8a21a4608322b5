import { abuseLexicons, toPinyin } from './abuse-lexicons';

/**
 * Named facts about a text that n-grams learn slowly or not at all from a few
 * thousand examples: a lexicon hit (in the text, behind masks such as
 * "f*ck", as a homophone or typed pinyin such as 煞笔 / "shabi" / "nmsl"),
 * a contact handle with an id (加微信 / VX / QQ / WhatsApp / Telegram), a
 * URL, a money promise, shouting, and conjunctions a linear model cannot form
 * itself (second person + a strongly negative word is an insult; the same
 * word about a course is criticism). The featurizer adds each as one feature.
 *
 * `normalized` is the text after `normalizeForModeration`; `raw` is what the
 * author typed (case and punctuation runs matter for shouting).
 */

/** Abbreviations of Chinese abuse typed in Latin letters that the lexicons do not spell out. */
const CHINESE_ABUSE_ABBREVIATIONS = new Set(['sb', 'nmsl', 'nmb', 'cnm', 'wcnm', 'nmd', 'tmd', 'mlgb', 'wqnmlgb', 'rnm', 'qnmd', 'dsb', 'nt', 'zz', 'lj']);

const SECOND_PERSON_EN = new Set(['you', 'your', 'youre', "you're", 'yourself', 'u', 'ur', 'ya', 'yours', 'thou']);
const SECOND_PERSON_ZH = /你|您|尔等|汝/u;

const URL =
  /https?:\/\/|www\.|(?:^|[^a-z0-9])[a-z0-9-]{2,}\.(?:com|net|org|cn|io|ly|me|shop|xyz|top|site|vip|cc|info|biz|club|online|link|co)(?![a-z])|\bt\.me\/|\bbit\.ly\b|\bdot\s?(?:com|net|shop|xyz|cn)\b/u;
const CONTACT_WORD =
  /加\s?(?:微|v|w|q|扣|群|我)|微信|薇信|威信|徽信|v信|卫星号|vx|wx|wechat|whats\s?app|telegram|\btg\b|\bline\s?id\b|\bkik\b|qq|扣扣|企鹅号|私聊|私信我|联系我|dm me|text me|call me|message me|inbox me/u;
const CONTACT_KEYWORD = String.raw`(?:加\s?(?:微信|vx|v信|v|w|q|扣扣|扣)|\+\s?vx?\b|微信号?|薇信|威信|徽信|v信|vx|wx|wechat|whats\s?app|telegram|\btg\b|qq号?|扣扣|企鹅号?|line\s?id|kik)`;
/** A contact keyword followed by an id: a run of 5+ digits, or a handle of 5+ characters with a digit in it. */
const CONTACT_ID = new RegExp(
  String.raw`${CONTACT_KEYWORD}[\s:：号是为=\-]*[@+]?(?:\d[\d\s-]{4,}|(?=[a-z0-9_]{5,})[a-z_]*\d[a-z0-9_]*)|(?:telegram|\btg\b|t\.me\/)[\s:：]*@?[a-z][a-z0-9_]{3,}|@[a-z][a-z0-9_]{3,}\s*(?:on|in)\s*(?:telegram|tg|whats\s?app|instagram|ig)`,
  'u',
);
const PHONE = /(?:\+|\b)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{4}\b/u;
const MONEY_PROMISE =
  /日赚|日入|月入|月赚|年入|躺赚|轻松赚|在家赚|赚钱|兼职|刷单|返利|返现|提现|免费领|领取|领红包|红包|彩金|博彩|代开发票|贷款|包过|稳赚|暴富|earn\s+\$?\d|\$\s?\d[\d,]*\s*(?:a|per|\/)\s*(?:day|week|hour|month)|make\s+(?:money|cash|\$)|work\s+from\s+home|free\s+(?:gift|money|cash|iphone|followers|trial|bitcoin|crypto)|(?:cheap|buy|get)\s+(?:\w+\s+)?(?:followers|likes|views|subscribers)|\d+\s?%\s?off|discount\s+code|promo\s+code|bitcoin|crypto|forex|casino|investment\s+opportunity|guaranteed|100\s?%\s?free|risk[\s-]free|limited\s+offer|act\s+now|winner|you\s+(?:have\s+)?won|congratulations|claim\s+(?:your|now)|no\s+credit\s+check|viagra|cialis|weight\s+loss/u;
const CALL_TO_ACTION =
  /点击|戳这|扫码|扫一扫|复制链接|打开链接|立即|马上|速来|click\s+(?:here|the\s+link|below|now)|visit\s+(?:my|our|this)|sign\s+up\s+now|buy\s+now|order\s+now|call\s+now|subscribe\s+now|check\s+out\s+my|link\s+in\s+(?:bio|profile)/u;
const MASK = /^[a-z][a-z*#%_.@$!?-]*[a-z*]$/;

export function textSignals(normalized: string, raw: string): string[] {
  const lex = abuseLexicons();
  const signals = new Set<string>();
  const words = normalized.match(/[a-z][a-z'*#%_@$!?-]*[a-z*]|[a-z]/g) ?? [];
  const hanRuns = normalized.match(/\p{Script=Han}+/gu) ?? [];

  let englishHit = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i].replace(/[!?]+$/, '');
    const two = i + 1 < words.length ? `${w} ${words[i + 1]}` : '';
    const three = i + 2 < words.length ? `${two} ${words[i + 2]}` : '';
    if (lex.english.has(w) || lex.english.has(stem(w)) || (two && lex.english.has(two)) || (three && lex.english.has(three))) englishHit = true;
    else if (/[*#%_@$]/.test(w) && MASK.test(w) && maskedMatch(w, lex.english)) signals.add('lexicon-en-masked');
    if (w.length >= 4 && (lex.chinesePinyin.has(w) || lex.chineseInitials.has(w))) signals.add('lexicon-zh-typed');
    if (CHINESE_ABUSE_ABBREVIATIONS.has(w)) signals.add('abbreviation-zh');
    if (two && /^[a-z]+ [a-z]+$/.test(two) && lex.chinesePinyin.has(two.replace(' ', ''))) signals.add('lexicon-zh-typed');
  }
  if (englishHit) signals.add('lexicon-en');

  const lowestValence = Math.min(0, ...words.map((w) => lex.valence.get(w) ?? 0));
  if (lowestValence <= -3) signals.add('negative-strong');
  else if (lowestValence <= -2) signals.add('negative');

  for (const run of hanRuns) {
    if (containsEntry([...run], lex.chinese, lex.longestChinese, '')) signals.add('lexicon-zh');
    // Homophones (煞笔 for 傻逼) read the same in pinyin.
    if (containsEntry(toPinyin(run).split(' '), lex.chinesePinyin, lex.longestChinese, '')) signals.add('lexicon-zh-pinyin');
  }

  const secondPerson = words.some((w) => SECOND_PERSON_EN.has(w)) || SECOND_PERSON_ZH.test(normalized);
  if (secondPerson) {
    signals.add('second-person');
    if (lowestValence <= -2) signals.add('second-person+negative');
    if ([...signals].some((s) => s.startsWith('lexicon') || s.startsWith('abbreviation'))) signals.add('second-person+lexicon');
  }

  if (URL.test(normalized)) signals.add('url');
  if (CONTACT_WORD.test(normalized)) signals.add('contact');
  if (CONTACT_ID.test(normalized)) signals.add('contact-id');
  if (PHONE.test(normalized)) signals.add('phone');
  if (MONEY_PROMISE.test(normalized)) signals.add('money-promise');
  if (CALL_TO_ACTION.test(normalized)) signals.add('call-to-action');
  const spam = ['url', 'contact-id', 'phone', 'money-promise', 'call-to-action'].filter((s) => signals.has(s)).length;
  if (spam >= 2) signals.add('spam-combination');

  const letters = raw.match(/\p{Lu}|\p{Ll}/gu) ?? [];
  const upper = raw.match(/\p{Lu}/gu)?.length ?? 0;
  if (letters.length >= 8 && upper / letters.length > 0.6) signals.add('shouting');
  if (/[!！]{3,}/u.test(raw)) signals.add('exclamations');
  return [...signals];
}

/** Plural and verb endings, so "idiots" and "fucking" find "idiot" and "fuck". */
function stem(word: string): string {
  return word.replace(/(?:ing|ers|er|ed|es|s)$/, '');
}

/** "f*ck", "sh#t", "b__ch": each mask character stands for one letter. */
function maskedMatch(word: string, lexicon: ReadonlySet<string>): boolean {
  const pattern = new RegExp(`^${word.replace(/[.?$!@]/g, '\\$&').replace(/[*#%_]/g, '[a-z]')}$`);
  for (const entry of lexicon) if (entry.length === word.length && entry[0] === word[0] && pattern.test(entry)) return true;
  return false;
}

/** Whether any run of 2..longest consecutive parts, joined, is an entry. */
function containsEntry(parts: readonly string[], entries: ReadonlySet<string>, longest: number, joiner: string): boolean {
  for (let start = 0; start < parts.length; start++) {
    let joined = parts[start];
    for (let n = 2; n <= longest && start + n <= parts.length; n++) {
      joined += joiner + parts[start + n - 1];
      if (entries.has(joined)) return true;
    }
  }
  return false;
}
