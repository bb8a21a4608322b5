import type { DemoLanguage } from './demo-course-copy';

/**
 * Who teaches and who learns in the demo: hand-written creator profiles and
 * the name pools that generated learners are drawn from. Handles are
 * lowercase ASCII (pinyin for Chinese names), as users pick them.
 */
export interface DemoCreatorProfile {
  handle: string;
  displayName: string;
  /** The language most of their courses are in; about one course in seven is in the other. */
  language: DemoLanguage;
  /** Category slugs, main one first. */
  categories: readonly string[];
  bio: string;
  /** Brand color their palette is built from; null for creators who never set one. */
  brandColor: string | null;
}

export const DEMO_CREATORS: readonly DemoCreatorProfile[] = [
  {
    handle: 'lin.wei',
    displayName: '林薇',
    language: 'zh',
    categories: ['data-science', 'programming'],
    brandColor: '#2563EB',
    bio: '前互联网大厂数据科学家，十年机器学习与数据分析经验。相信好的课程应该让人当天就能用上。',
  },
  {
    handle: 'maria-garcia',
    displayName: 'Maria Garcia',
    language: 'en',
    categories: ['design', 'marketing'],
    brandColor: '#DB2777',
    bio: 'Product designer from Barcelona. Twelve years of interfaces, brand systems and far too many sticky notes.',
  },
  {
    handle: 'chen.hao',
    displayName: '陈浩',
    language: 'zh',
    categories: ['programming'],
    brandColor: null,
    bio: '全栈工程师，开源项目维护者。喜欢把复杂的技术讲简单。',
  },
  {
    handle: 'david-okafor',
    displayName: 'David Okafor',
    language: 'en',
    categories: ['programming', 'data-science'],
    brandColor: '#059669',
    bio: 'Software engineer and former bootcamp instructor. I teach the way I wish I had been taught: by building things.',
  },
  {
    handle: 'wang.yaqin',
    displayName: '王雅琴',
    language: 'zh',
    categories: ['languages'],
    brandColor: '#7C3AED',
    bio: '英语教学十五年，雅思口语考官培训经历。帮助三万多名学员开口说英语。',
  },
  {
    handle: 'emily.carter',
    displayName: 'Emily Carter',
    language: 'en',
    categories: ['business', 'languages'],
    brandColor: null,
    bio: 'Communication coach for engineering teams; previously a product lead in London and Singapore.',
  },
  {
    handle: 'zhao.yiming',
    displayName: '赵一鸣',
    language: 'zh',
    categories: ['music'],
    brandColor: '#EA580C',
    bio: '独立音乐人、吉他手，音乐学院作曲专业毕业。让每个人都能弹唱一首自己喜欢的歌。',
  },
  {
    handle: 'sofia-rossi',
    displayName: 'Sofia Rossi',
    language: 'en',
    categories: ['photography', 'design'],
    brandColor: '#0F766E',
    bio: 'Travel and portrait photographer based in Milan. My work has appeared in magazines across Europe.',
  },
  {
    handle: 'zhou.xiaotong',
    displayName: '周晓彤',
    language: 'zh',
    categories: ['personal-finance'],
    brandColor: '#B45309',
    bio: '注册金融分析师（CFA），专注普通家庭的理财规划。不荐股，只讲方法。',
  },
  {
    handle: 'james-lee',
    displayName: 'James Lee',
    language: 'en',
    categories: ['business', 'marketing'],
    brandColor: null,
    bio: 'Two-time founder and growth advisor. I have made most of the mistakes so you do not have to.',
  },
  {
    handle: 'liu.chang',
    displayName: '刘畅',
    language: 'zh',
    categories: ['photography', 'health-fitness'],
    brandColor: '#4F46E5',
    bio: '风光摄影师、越野跑爱好者。用镜头记录山野，也用脚步丈量它们。',
  },
  {
    handle: 'priya-sharma',
    displayName: 'Priya Sharma',
    language: 'en',
    categories: ['health-fitness', 'personal-finance'],
    brandColor: null,
    bio: 'Certified yoga teacher and nutrition coach. Small habits, kept for years, beat heroic plans.',
  },
];

/** [characters, pinyin] */
export const CHINESE_SURNAMES: readonly (readonly [string, string])[] = [
  ['王', 'wang'],
  ['李', 'li'],
  ['张', 'zhang'],
  ['刘', 'liu'],
  ['陈', 'chen'],
  ['杨', 'yang'],
  ['黄', 'huang'],
  ['赵', 'zhao'],
  ['吴', 'wu'],
  ['周', 'zhou'],
  ['徐', 'xu'],
  ['孙', 'sun'],
  ['马', 'ma'],
  ['朱', 'zhu'],
  ['胡', 'hu'],
  ['郭', 'guo'],
  ['何', 'he'],
  ['林', 'lin'],
  ['罗', 'luo'],
  ['高', 'gao'],
  ['梁', 'liang'],
  ['宋', 'song'],
  ['郑', 'zheng'],
  ['谢', 'xie'],
];

export const CHINESE_GIVEN_NAMES: readonly (readonly [string, string])[] = [
  ['伟', 'wei'],
  ['芳', 'fang'],
  ['娜', 'na'],
  ['敏', 'min'],
  ['静', 'jing'],
  ['磊', 'lei'],
  ['洋', 'yang'],
  ['艳', 'yan'],
  ['勇', 'yong'],
  ['杰', 'jie'],
  ['涛', 'tao'],
  ['明', 'ming'],
  ['超', 'chao'],
  ['晓明', 'xiaoming'],
  ['子涵', 'zihan'],
  ['雨桐', 'yutong'],
  ['浩然', 'haoran'],
  ['思远', 'siyuan'],
  ['欣怡', 'xinyi'],
  ['梓萱', 'zixuan'],
  ['宇航', 'yuhang'],
  ['嘉怡', 'jiayi'],
  ['俊杰', 'junjie'],
  ['佳琪', 'jiaqi'],
  ['一帆', 'yifan'],
  ['若曦', 'ruoxi'],
  ['博文', 'bowen'],
  ['诗涵', 'shihan'],
];

export const WESTERN_FIRST_NAMES: readonly string[] = [
  'Maria',
  'James',
  'Emma',
  'Noah',
  'Olivia',
  'Liam',
  'Sophia',
  'Lucas',
  'Mia',
  'Ethan',
  'Ava',
  'Daniel',
  'Chloe',
  'Leo',
  'Grace',
  'Samuel',
  'Hannah',
  'Omar',
  'Aisha',
  'Mateo',
  'Yuki',
  'Kenji',
  'Anna',
  'Felix',
  'Nora',
  'Ravi',
  'Fatima',
  'Tom',
  'Isabel',
  'Jonas',
];

export const WESTERN_LAST_NAMES: readonly string[] = [
  'Garcia',
  'Smith',
  'Johnson',
  'Brown',
  'Miller',
  'Davis',
  'Martinez',
  'Wilson',
  'Anderson',
  'Taylor',
  'Thomas',
  'Moore',
  'Martin',
  'Lee',
  'Walker',
  'Hall',
  'Young',
  'King',
  'Wright',
  'Lopez',
  'Hill',
  'Green',
  'Adams',
  'Nelson',
  'Baker',
  'Tanaka',
  'Sato',
  'Kim',
  'Nguyen',
  'Patel',
  'Silva',
  'Rossi',
  'Novak',
  'Schmidt',
];

export const LEARNER_BIOS: Record<DemoLanguage, readonly string[]> = {
  zh: [
    '在读研究生，准备转行做数据分析。',
    '前端工程师，业余时间学摄影。',
    '两个孩子的妈妈，利用碎片时间学习。',
    '产品经理，正在补技术课。',
    '大四学生，准备出国留学。',
    '退休教师，活到老学到老。',
    '自由职业者，想把爱好变成收入。',
    '程序员，最近迷上了吉他。',
  ],
  en: [
    'Software engineer learning design on weekends.',
    'Career changer, moving from finance into data.',
    'Grad student. Coffee, code and guitar.',
    'Small business owner trying to make sense of marketing.',
    'Lifelong learner based in Berlin.',
    'Nurse by day, photographer by night.',
    'Teacher picking up programming for my class.',
    'Learning Mandarin, one character at a time.',
  ],
};

/** Handles people choose from a name, most common first; a collision falls through to the next. */
export function handleCandidates(given: string, family: string, salt: number): string[] {
  const g = given.toLowerCase();
  const f = family.toLowerCase();
  return [`${g}.${f}`, `${g}-${f}`, `${f}.${g}`, `${g}${f}`, `${g}_${f}${salt % 100}`, `${g}.${f}${salt}`];
}
