import type { TemplateSet } from './template-filling';

/**
 * Chinese sentence patterns for the weakly labelled corpus; `{lexicon}` is
 * filled from LDNOOBW Chinese and bad-words-chinese. As in English, the line
 * between abuse and a bad review is who the words are aimed at: 你就是个废物
 * is abuse, 这节课讲得太水了，浪费钱 is criticism and stays visible.
 */

const ASPECTS = ['节奏', '音质', '画质', '课程', '讲解', '第二章', '作业', '例题', '课件', '内容', '老师的口音', '字幕', '练习', '案例', '售后', '直播'];
const CRITICISM = ['太慢了', '太快了', '很差', '一般般', '有点水', '不太清楚', '太乱了', '过时了', '没什么用', '让人失望', '很无聊', '不值这个价', '太贵了', '重复太多', '跟介绍不符', '听不清'];
const PRAISE = ['很好', '讲得很清楚', '非常实用', '很有收获', '很棒', '通俗易懂', '条理清晰', '干货满满', '物超所值', '很有意思', '很专业', '很细致'];
const TOPICS = ['Python', 'Excel', '摄影', '高数', '营销', '吉他', '前端', '统计', '水彩', 'SQL', '演讲', '日语', '机器学习', '会计', '剪辑', '钢琴', '考研英语', '理财'];
const INSULTS = ['白痴', '废物', '垃圾', '傻子', '蠢货', '智障', '脑残', '人渣', '贱人', '骗子', '狗东西', '混蛋', '王八蛋', '神经病', '傻逼', '傻B', '煞笔', '二货', '弱智', '败类', '畜生', '死骗子', '草包', '饭桶'];
const DISMISSALS = ['滚出去', '滚', '去死吧', '闭嘴', '别教了', '赶紧滚蛋', '有多远滚多远', '你全家都是', '脑子有病吧', '丢人现眼', '真恶心', '不要脸'];
const CONTACTS = ['加微信{handle}{n3}', '加V：{handle}{n4}', '+V {n5}{n4}', '加vx {handle}', '薇信{n5}{n3}', '威信号{handle}', 'V信 {n4}{n4}', '加Q{n5}{n4}', '扣扣{n5}{n3}', 'QQ群{n5}{n4}', '企鹅号{n5}{n3}', '私信我领取', '联系电话1{n5}{n5}', '关注公众号{handle}'];
const HANDLES = ['ziliao', 'kaoyan88', 'vip', 'abc', 'edu', 'xiaoyu', 'study', 'zhuanqian', 'ke', 'free'];
const OFFERS = ['日赚千元', '月入过万', '兼职刷单，日结', '免费领取全套资料', '低价出售全套课程', '代开发票', '躺赚不是梦', '免费领取学习资料', '稳赚不赔的投资', '领取现金红包', '一对一代写作业', '包过考试', '博彩平台注册送彩金', '网贷秒批'];
const CTAS = ['点击链接', '戳链接', '扫码', '复制链接打开', '立即领取', '速来', '马上联系'];
const URLS = ['http://t.cn/{handle}{n3}', 'https://{handle}.vip', 'www.{handle}{n3}.cn', 'http://{handle}.top/{n4}', 'https://url.cn/{handle}'];
const QUESTIONS = ['请问第{n1}节的代码在哪里下载？', '老师，{topic}的作业什么时候截止？', '这门课适合零基础吗？', '有没有人一起学{topic}？', '直播回放在哪里看？', '第{n1}章的练习答案能分享一下吗？', '请问可以开发票吗？', '课件能打印吗？'];
const CHAT = ['大家好', '早上好', '今晚几点直播？', '谢谢老师', '打卡第{n1}天', '我也卡在这里了', '哈哈哈同感', '下周见', '有没有北京的同学', '声音断了', '能听到吗', '今天的课太棒了'];
const MILD = ['这个bug快把我逼疯了', '我真是个笨蛋，漏看了一步', '考试难死了', '我的代码写得像垃圾，但是能跑', '累死了，终于学完了', '气死我了，又忘了保存'];
const DISAGREEMENT = ['老师你讲错了吧，{topic}不是这样的', '你第{n1}节讲得{criticism}', '你的麦克风有杂音', '老师你讲得太快了，能慢一点吗', '你的例子{criticism}', '我不同意你关于{topic}的观点', '你从来不回复问题，有点失望', '你的课件{criticism}，建议更新', '你说的和课程介绍不一样', '老师你这样讲我听不懂'];
const BIOS = ['{topic}爱好者，终身学习者', '在上海做程序员，业余学{topic}', '两个孩子的妈妈，晚上学{topic}', '退休会计，喜欢{topic}', '大学生，喜欢{topic}和咖啡'];
const DESCRIPTIONS = ['{n1}节课带你从零学会{topic}', '实战{topic}课程：练习、测验和期末项目', '限时优惠，原价299元，现价199元', '课程资料可在课程页下载', '本节比较两种{topic}方法及其适用场景'];

export const CHINESE_TEMPLATES: TemplateSet = {
  slots: {
    aspect: ASPECTS, criticism: CRITICISM, praise: PRAISE, topic: TOPICS, insult: INSULTS, dismissal: DISMISSALS, contact: CONTACTS, handle: HANDLES, offer: OFFERS,
    cta: CTAS, url: URLS, question: QUESTIONS, disagreement: DISAGREEMENT, chat: CHAT, mild: MILD, bio: BIOS, description: DESCRIPTIONS,
  },
  ok: [
    '{aspect}{criticism}', '这门课{criticism}，感觉浪费钱', '{aspect}{criticism}，希望老师改进', '说实话{aspect}{criticism}，{aspect}也{criticism}', '想退款，{aspect}{criticism}',
    '{aspect}{praise}，谢谢老师', '{topic}课{praise}', '学到了很多{topic}知识，{aspect}{praise}', '{aspect}{praise}，但是{aspect}{criticism}', '{question}', '{chat}', '{mild}', '{disagreement}', '{disagreement}', '{disagreement}', '{bio}', '{description}',
    '老师一天内就回答了我关于{topic}的问题', '终于搞懂{topic}了', '还行吧，{aspect}可以再好一点', '推荐给{topic}初学者', '这节课讲得太水了，浪费钱', '垃圾课程，不值这个价，{aspect}{criticism}',
  ],
  spam: [
    '{contact}，{offer}', '{offer}！{cta}{url}', '想要{topic}资料的{contact}', '{offer}，{contact}', '{cta}{url}，{offer}', '课程很好！顺便说一下{offer}，{contact}',
    '{offer}，详情{contact}', '需要{topic}资料的加我，{contact}', '{contact}，{offer}，{cta}{url}', '{offer}！！！{contact}', '兼职招聘，{offer}，{contact}',
  ],
  abuse: [
    '你就是个{insult}', '{insult}老师', '{dismissal}，{insult}', '你这个{insult}，{dismissal}', '你{lexicon}', '{lexicon}', '去死吧{insult}', '{insult}，{insult}，{insult}！',
    '什么{insult}课程，{insult}老师{dismissal}', '你全家都是{insult}', '脑子有病吧你这个{insult}', '闭嘴吧{insult}', '你是不是{insult}啊', '{lexicon}，{dismissal}', '{insult}一个，{dismissal}',
    '你们这些{insult}', '像你这种{insult}也配当老师', '你就是个{lexicon}', '{dismissal}！{insult}！',
  ],
};
