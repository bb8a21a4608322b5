import type { TemplateSet } from './template-filling';

/**
 * English sentence patterns for the weakly labelled corpus. The slots are
 * filled from the lexicon packages (`{lexicon}`: badwords-list + LDNOOBW;
 * `{negative}`: AFINN words of valence −1..−3) and from the short lists
 * below, which say how a course platform's text reads: what learners
 * criticise, what spammers sell, how insults are aimed at a person. The
 * abuse/criticism line this teaches: a negative word aimed at *you* is an
 * insult, the same word aimed at the course is a review.
 */

const ASPECTS = ['pacing', 'audio', 'video quality', 'course', 'lecture', 'second module', 'final project', 'quiz', 'explanation', 'examples', 'slides', 'homework', 'price', 'content', 'last lesson', 'exercises', 'instructor', 'course material', 'support', 'intro'];
const CRITICISM = ['terrible', 'boring', 'confusing', 'too slow', 'too fast', 'outdated', 'disappointing', 'a mess', 'awful', 'useless', 'really bad', 'poor', 'not worth it', 'shallow', 'hard to follow', 'repetitive', 'a letdown', 'weak', 'badly organised', 'overpriced'];
const PRAISE = ['great', 'excellent', 'really clear', 'helpful', 'well structured', 'fantastic', 'fun', 'practical', 'worth every penny', 'inspiring', 'easy to follow', 'solid', 'amazing', 'thorough', 'very good'];
const TOPICS = ['python', 'excel', 'photography', 'calculus', 'marketing', 'guitar', 'react', 'statistics', 'watercolor', 'sql', 'public speaking', 'spanish', 'machine learning', 'accounting', 'video editing', 'negotiation', 'piano', 'design systems'];
const INSULT_NOUNS = ['idiot', 'moron', 'loser', 'clown', 'imbecile', 'fraud', 'scammer', 'dumbass', 'fool', 'joke', 'waste of space', 'parasite', 'creep', 'liar', 'pig', 'rat', 'trash', 'garbage human', 'nobody', 'hack'];
const INSULT_ADJECTIVES = ['worthless', 'pathetic', 'stupid', 'dumb', 'ugly', 'useless', 'brainless', 'disgusting', 'incompetent', 'miserable', 'clueless', 'lazy', 'fat', 'ignorant', 'filthy'];
const THREATS = ['nobody wants you here', 'get lost', 'shut up', 'go away', 'quit teaching', 'i will find you', 'everyone hates you', 'die', 'kill yourself', 'crawl back under your rock', 'get out'];
const PRODUCTS = ['followers', 'likes', 'subscribers', 'views', 'reviews', 'iphones', 'gift cards', 'crypto signals', 'diet pills', 'replica watches', 'forex signals', 'essays', 'instagram accounts'];
const OFFERS = ['earn $500 a day from home', 'make money fast', 'free bitcoin giveaway', 'guaranteed 300% returns', 'work from home and earn $3000 a week', 'cheap followers in one hour', '90% off all courses', 'win a free iphone', 'get paid to like posts', 'double your crypto in 24 hours'];
const CTAS = ['click here', 'visit', 'sign up now at', 'order now at', 'check out', 'dm me', 'claim it at', 'limited offer at', 'act now:', 'details at'];
const CONTACTS = ['whatsapp +1 415 555 {n4}', 'telegram @{handle}', 'wechat {handle}{n3}', 'call +44 7700 9{n5}', 'text me on whatsapp 0{n4}{n5}', 'tg: @{handle}', 'kik {handle}', 'dm me on instagram @{handle}'];
const HANDLES = ['fastcash', 'boostking', 'cryptoguru', 'promo_team', 'easyearn', 'followerz', 'richlife', 'signals_vip', 'growfast', 'deals4u'];
const DOMAINS = ['http://bit.ly/{n4}x', 'https://cheap-{handle}.shop', 'www.{handle}.xyz', 'https://{handle}.top/offer', 'http://{handle}.vip', 'https://t.me/{handle}', '{handle} dot com'];
const QUESTIONS = ['how do I install {topic} tools on windows?', 'does lesson {n1} cover {topic}?', 'where can I download the slides?', 'is there a certificate at the end?', 'can someone explain the second exercise?', 'what editor do you use in the {topic} videos?', 'when is the next live session?', 'is this course good for beginners in {topic}?'];
const CHAT = ['hi everyone', 'good morning from berlin', 'see you next week', 'anyone else stuck on exercise {n1}?', 'thanks for the help!', 'congrats on finishing', 'lol same here', 'brb', 'who is joining the study group?', 'the stream froze for me', 'can you hear me?', 'great session today'];
const MILD = ['kill the process and restart it', 'this bug is killing me', 'hell yeah, finally passed the quiz', 'damn, that trick is clever', 'i was so dumb to skip the basics', 'my code is garbage but it works', 'that exam was brutal', 'the deadline is murder', 'i hate how long installs take', 'crap, I forgot to save'];
const DISAGREEMENT = ['you are wrong', 'no, you are wrong here', 'you are mistaken about {topic}', 'you are so wrong about this', 'you are late again', 'you are too fast', 'you are hard to hear', 'you are wrong about {topic}', 'i think you made a mistake in lesson {n1}', 'you explained the {aspect} badly', 'your audio is {criticism}', 'sorry, you lost me in the {aspect}', 'you go too fast, please slow down', 'your examples are {criticism}', 'you should update the {aspect}, it is {criticism}', 'i disagree with you on {topic}', 'you never answer questions, that is {negative}', 'you are not very good at explaining {topic}', 'your course is {criticism}, i expected more'];
const BIOS = ['{topic} teacher and lifelong learner', 'software engineer in toronto, learning {topic}', 'mom of two, studying {topic} at night', 'retired accountant who loves {topic}', 'i teach {topic} to beginners, say hi', 'student at uni, into {topic} and coffee'];
const DESCRIPTIONS = ['learn {topic} from scratch in {n1} lessons with real projects', 'a practical {topic} course: exercises, quizzes and a final project', 'master {topic} step by step. launch price $49, 20% off this week', 'everything you need to start with {topic}. slides at https://example.org/{topic}', 'in this lesson we compare two approaches to {topic} and when to use each'];

export const ENGLISH_TEMPLATES: TemplateSet = {
  slots: {
    aspect: ASPECTS, criticism: CRITICISM, praise: PRAISE, topic: TOPICS, insultNoun: INSULT_NOUNS, insultAdj: INSULT_ADJECTIVES, threat: THREATS,
    product: PRODUCTS, offer: OFFERS, cta: CTAS, contact: CONTACTS, handle: HANDLES, url: DOMAINS, question: QUESTIONS, disagreement: DISAGREEMENT, chat: CHAT, mild: MILD, bio: BIOS, description: DESCRIPTIONS,
  },
  ok: [
    'the {aspect} was {criticism}', 'this course was a waste of money, the {aspect} is {criticism}', 'honestly the {aspect} is {criticism} and the {aspect} too', '{criticism} {aspect}, not worth the price',
    'i want a refund, the {aspect} was {criticism}', '2/5: the {aspect} felt {negative}', 'the {aspect} is {negative}, please fix it', 'a bit {negative} in places, but i learned some {topic}',
    'the {aspect} was {praise}, thanks!', '{praise} course on {topic}', 'i learned a lot about {topic}, the {aspect} was {praise}', 'the {aspect} is {praise} but the {aspect} is {criticism}',
    '{question}', '{chat}', '{mild}', '{disagreement}', '{disagreement}', '{disagreement}', '{bio}', '{description}', 'great explanation of {topic}, see the docs at https://docs.{topic}.org too',
    'the teacher answered my question about {topic} within a day', '{topic} finally makes sense to me', 'not bad, but the {aspect} could be better', 'would recommend for {topic} beginners',
  ],
  spam: [
    '{offer}! {cta} {url}', 'buy cheap {product} now {url}', '{cta} {url} for {offer}', 'want {product}? {contact}', '{offer}, contact {contact}', 'BUY CHEAP {product} NOW {url}',
    'best {product} at the lowest price, {cta} {url}', 'i made $800 yesterday with this, {cta} {url}', 'nice course! btw {offer} {url}', 'get {product} fast: {contact}',
    'congratulations, you won a gift card! claim now at {url}', 'check out my channel for free {topic} hacks {url}', '{contact} for {product}', 'looking for {product}? {offer}, {contact}',
  ],
  abuse: [
    'you are a {insultAdj} {insultNoun}', 'you {lexicon}', 'shut up you {lexicon}', '{lexicon} teacher', 'you are such a {insultNoun}, {threat}', 'what a {insultAdj} {lexicon}',
    'you {insultAdj} {insultNoun}, {threat}', 'this teacher is a {insultNoun}', 'you are a {lexicon}', 'go to hell you {insultNoun}', '{threat}, {insultNoun}', 'you are so {negative}, {threat}',
    'nobody cares what a {insultNoun} like you thinks', 'you are the most {insultAdj} {insultNoun} i have ever seen', 'stop talking, {lexicon}', 'your face is {insultAdj}, {lexicon}',
    'you {insultAdj} piece of {lexicon}', 'i hope you {threat}', 'you {negative} {insultNoun}', 'everyone here knows you are a {insultNoun}',
  ],
};
