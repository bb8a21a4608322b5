/**
 * The demo catalog's vocabulary: top-level categories, the subjects courses
 * are written about, and the topics that serve both as course tags and as
 * learner interests. Sharing one topic list between tags and interests is
 * what lets the recommender learn "people interested in X enroll in X".
 *
 * Category names are bilingual ("数据科学 Data Science") because the catalog
 * mixes Chinese and English courses and one category holds both.
 */
export interface DemoSubject {
  zh: string;
  en: string;
  /** Subject-specific tags; a course adds some of its category's topics to them. */
  tags: readonly string[];
}

export interface DemoCategory {
  slug: string;
  name: string;
  /** Interest vocabulary for the category, in the form learners and tags use it. */
  topics: readonly string[];
  /** Categories a course may be filed under as well. */
  related: readonly string[];
  /** How much of a course's content is audio rather than video (languages, music). */
  audioShare: number;
  /** Relative share of learners who pick this category as a favorite. */
  appeal: number;
  subjects: readonly DemoSubject[];
}

const subject = (zh: string, en: string, tags: readonly string[]): DemoSubject => ({ zh, en, tags });

export const DEMO_CATEGORIES: readonly DemoCategory[] = [
  {
    slug: 'programming',
    name: '编程开发 Programming',
    topics: ['python', 'javascript', 'typescript', 'web-development', '后端开发', '算法', 'git', 'react'],
    related: ['data-science'],
    audioShare: 0.03,
    appeal: 1.6,
    subjects: [
      subject('Python 编程', 'Python Programming', ['python', '编程入门']),
      subject('JavaScript 全栈开发', 'Full-Stack JavaScript', ['javascript', 'node.js', '全栈']),
      subject('TypeScript 工程实践', 'TypeScript in Practice', ['typescript', '前端工程']),
      subject('React 前端开发', 'React Front-End Development', ['react', '前端', 'web-development']),
      subject('Go 语言后端开发', 'Backend Development with Go', ['go', '后端开发', '微服务']),
      subject('数据结构与算法', 'Data Structures and Algorithms', ['算法', '面试', 'leetcode']),
      subject('Git 与团队协作', 'Git and Team Workflows', ['git', 'devops']),
      subject('Rust 系统编程', 'Systems Programming with Rust', ['rust', '系统编程']),
      subject('GraphQL 接口设计', 'GraphQL API Design', ['graphql', 'api', '后端开发']),
    ],
  },
  {
    slug: 'data-science',
    name: '数据科学 Data Science',
    topics: ['python', 'pandas', '机器学习', '数据分析', 'sql', '统计学', 'deep-learning', '数据可视化'],
    related: ['programming', 'business'],
    audioShare: 0.03,
    appeal: 1.5,
    subjects: [
      subject('Python 数据分析', 'Python for Data Analysis', ['pandas', 'numpy', '数据分析']),
      subject('机器学习入门', 'Machine Learning Foundations', ['机器学习', 'scikit-learn']),
      subject('深度学习与 PyTorch', 'Deep Learning with PyTorch', ['deep-learning', 'pytorch', '神经网络']),
      subject('SQL 数据查询', 'SQL for Analysts', ['sql', '数据库']),
      subject('统计学基础', 'Practical Statistics', ['统计学', '概率']),
      subject('数据可视化', 'Data Visualization', ['数据可视化', 'matplotlib', 'tableau']),
      subject('大语言模型应用开发', 'Building Apps with Large Language Models', ['llm', 'prompt-engineering', 'ai']),
      subject('推荐系统实战', 'Recommender Systems', ['推荐系统', '机器学习']),
    ],
  },
  {
    slug: 'design',
    name: '设计 Design',
    topics: ['ui-design', 'figma', '品牌设计', '插画', 'typography', '用户体验', '色彩'],
    related: ['marketing', 'photography'],
    audioShare: 0.02,
    appeal: 1.0,
    subjects: [
      subject('Figma 界面设计', 'UI Design with Figma', ['figma', 'ui-design']),
      subject('用户体验设计', 'User Experience Design', ['用户体验', 'ux-research']),
      subject('品牌视觉设计', 'Brand Identity Design', ['品牌设计', 'logo']),
      subject('字体与排版', 'Typography and Layout', ['typography', '排版']),
      subject('iPad 商业插画', 'Digital Illustration on iPad', ['插画', 'procreate']),
      subject('色彩理论', 'Color Theory for Designers', ['色彩', '配色']),
      subject('设计系统搭建', 'Building Design Systems', ['design-system', '组件库']),
    ],
  },
  {
    slug: 'business',
    name: '商业管理 Business',
    topics: ['产品管理', 'leadership', '创业', '项目管理', 'okr', '沟通', 'strategy'],
    related: ['marketing', 'personal-finance'],
    audioShare: 0.2,
    appeal: 1.0,
    subjects: [
      subject('产品经理实战', 'Product Management Essentials', ['产品管理', '需求分析']),
      subject('团队领导力', 'Leading Teams', ['leadership', '团队管理']),
      subject('精益创业', 'Lean Startup Fundamentals', ['创业', 'mvp']),
      subject('敏捷项目管理', 'Agile Project Management', ['项目管理', 'scrum', '敏捷']),
      subject('OKR 目标管理', 'Goal Setting with OKRs', ['okr', '目标管理']),
      subject('商务沟通与谈判', 'Business Communication and Negotiation', ['沟通', '谈判']),
      subject('商业分析与战略', 'Business Strategy and Analysis', ['strategy', '商业分析']),
    ],
  },
  {
    slug: 'languages',
    name: '语言学习 Languages',
    topics: ['英语口语', 'ielts', 'japanese', '中文', '发音', '词汇', 'business-english'],
    related: ['business'],
    audioShare: 0.4,
    appeal: 1.3,
    subjects: [
      subject('英语口语', 'Everyday English Conversation', ['英语口语', 'speaking']),
      subject('雅思备考', 'IELTS Preparation', ['ielts', '雅思', '写作']),
      subject('日语入门', 'Japanese for Beginners', ['japanese', '日语', '五十音']),
      subject('商务英语', 'Business English', ['business-english', '邮件写作']),
      subject('HSK 中文备考', 'Mandarin Chinese for the HSK', ['中文', 'hsk', 'mandarin']),
      subject('英语发音', 'English Pronunciation', ['发音', 'phonetics']),
      subject('西班牙语入门', 'Spanish for Beginners', ['spanish', '西班牙语']),
    ],
  },
  {
    slug: 'music',
    name: '音乐 Music',
    topics: ['吉他', 'piano', '乐理', '作曲', 'music-production', '唱歌', 'ukulele'],
    related: ['languages'],
    audioShare: 0.35,
    appeal: 0.8,
    subjects: [
      subject('民谣吉他', 'Acoustic Guitar', ['吉他', '和弦']),
      subject('钢琴入门', 'Piano for Beginners', ['piano', '钢琴']),
      subject('乐理基础', 'Music Theory', ['乐理', '和声']),
      subject('流行歌曲创作', 'Songwriting', ['作曲', 'songwriting']),
      subject('电子音乐制作', 'Electronic Music Production', ['music-production', 'ableton', '混音']),
      subject('流行唱法', 'Singing Technique', ['唱歌', 'vocal']),
      subject('尤克里里弹唱', 'Ukulele Basics', ['ukulele', '尤克里里']),
    ],
  },
  {
    slug: 'photography',
    name: '摄影 Photography',
    topics: ['人像摄影', 'lightroom', '手机摄影', '风光摄影', '构图', 'video-editing', '后期调色'],
    related: ['design'],
    audioShare: 0.02,
    appeal: 0.9,
    subjects: [
      subject('人像摄影', 'Portrait Photography', ['人像摄影', '布光']),
      subject('Lightroom 后期调色', 'Photo Editing in Lightroom', ['lightroom', '后期调色']),
      subject('手机摄影', 'Smartphone Photography', ['手机摄影', '构图']),
      subject('风光摄影', 'Landscape Photography', ['风光摄影', '长曝光']),
      subject('摄影构图', 'Composition for Photographers', ['构图', 'photography-basics']),
      subject('短视频拍摄与剪辑', 'Short-Form Video Shooting and Editing', ['video-editing', '短视频', '剪辑']),
      subject('街头摄影', 'Street Photography', ['街头摄影', '纪实']),
    ],
  },
  {
    slug: 'personal-finance',
    name: '个人理财 Personal Finance',
    topics: ['投资', 'budgeting', '基金', 'retirement', '保险', '税务', 'index-funds'],
    related: ['business'],
    audioShare: 0.3,
    appeal: 1.1,
    subjects: [
      subject('指数基金定投', 'Index Fund Investing', ['index-funds', '基金', '定投']),
      subject('家庭记账与预算', 'Budgeting That Works', ['budgeting', '记账']),
      subject('个人所得税规划', 'Personal Tax Planning', ['税务', '个税']),
      subject('保险配置', 'Insurance Basics', ['保险', '风险管理']),
      subject('退休规划', 'Planning for Retirement', ['retirement', '养老']),
      subject('股票投资入门', 'Stock Market Investing', ['投资', '股票', '价值投资']),
      subject('财务自由之路', 'Financial Independence', ['fire', '投资', '储蓄']),
    ],
  },
  {
    slug: 'marketing',
    name: '市场营销 Marketing',
    topics: ['内容营销', 'seo', '社交媒体', '品牌', '增长黑客', 'copywriting'],
    related: ['business', 'design'],
    audioShare: 0.15,
    appeal: 0.8,
    subjects: [
      subject('内容营销', 'Content Marketing', ['内容营销', 'content-strategy']),
      subject('SEO 搜索优化', 'SEO Fundamentals', ['seo', '搜索引擎']),
      subject('社交媒体运营', 'Social Media Growth', ['社交媒体', '小红书']),
      subject('增长黑客', 'Growth Hacking', ['增长黑客', 'growth']),
      subject('文案写作', 'Copywriting That Sells', ['copywriting', '文案']),
      subject('私域社群运营', 'Email and Community Marketing', ['私域', 'email-marketing']),
    ],
  },
  {
    slug: 'health-fitness',
    name: '健康健身 Health & Fitness',
    topics: ['瑜伽', 'nutrition', '跑步', '力量训练', '冥想', 'sleep'],
    related: ['personal-finance'],
    audioShare: 0.25,
    appeal: 0.9,
    subjects: [
      subject('瑜伽入门', 'Yoga Foundations', ['瑜伽', '柔韧性']),
      subject('科学减脂', 'Fat Loss and Nutrition', ['nutrition', '减脂']),
      subject('跑步训练', 'Running Training Plans', ['跑步', '马拉松']),
      subject('居家力量训练', 'Strength Training at Home', ['力量训练', '健身']),
      subject('正念冥想', 'Mindfulness Meditation', ['冥想', 'mindfulness']),
      subject('睡眠改善', 'Better Sleep', ['sleep', '睡眠']),
    ],
  },
];

/** "数据科学 Data Science" → "数据科学" or "Data Science". */
export function categoryLabel(category: DemoCategory, language: 'zh' | 'en'): string {
  const space = category.name.indexOf(' ');
  return language === 'zh' ? category.name.slice(0, space) : category.name.slice(space + 1);
}

export function demoCategory(slug: string): DemoCategory {
  const category = DEMO_CATEGORIES.find((c) => c.slug === slug);
  if (!category) throw new Error(`no demo category "${slug}"`);
  return category;
}

/** Price points people actually see, in minor units (¥99.00 is 9900). */
export const PRICE_POINTS = {
  CNY: { amounts: [1990, 2990, 4900, 6900, 9900, 12900, 19900, 29900, 49900], weights: [2, 3, 5, 6, 8, 5, 4, 2, 1] },
  USD: { amounts: [900, 1900, 2900, 3900, 4900, 7900, 9900, 12900], weights: [2, 5, 7, 5, 5, 3, 2, 1] },
} as const;

export type DemoCurrency = keyof typeof PRICE_POINTS;
