/**
 * English seed examples: course reviews, questions and community posts as
 * learners write them (ok), promotion and scams (spam), insults and threats
 * (abuse). Some spam and abuse is obfuscated the way real posters do it.
 * One example per line.
 */

export const ENGLISH_OK = `
This course finally made recursion click for me, thank you!
The section on pandas groupby was exactly what I needed for work.
Could you add subtitles to the third lecture? The audio is a bit quiet.
I finished the whole thing in two weekends, very well paced.
Is there a discount for students who bought the previous edition?
The instructor explains things slowly and clearly, great for beginners.
Lecture 12 has a typo in the formula on the second slide.
Loved the practical exercises at the end of each chapter.
Where can I download the sample files for module 4?
Honestly the first half is slow but the second half is excellent.
I am a nurse and this helped me understand statistics for my research.
Can I get an invoice for my company? I paid with a corporate card.
The quiz answers for chapter 3 seem to be marked incorrectly.
Great value for the price, I learned more than in my college class.
Please make a follow-up course on advanced watercolor techniques.
I would love more examples with real datasets.
Thanks for answering my question so quickly in the forum.
The video keeps buffering on my phone, is there an offline mode?
My daughter and I are taking this together and we both enjoy it.
Not what I expected, it is more theory than practice.
I disagree with the point about index funds, but it was well argued.
Does the certificate mention the number of hours?
The guitar lessons are fantastic, my chord changes are much faster now.
Could someone explain why the loop in exercise 5 never terminates?
Five stars, clear structure and helpful community.
The audio in lesson 7 is out of sync with the video.
I tried the sourdough recipe and it came out perfect.
How long do I have access after buying?
The instructor seems knowledgeable but talks too fast sometimes.
Bought this as a gift for my dad, he loves it.
Is this course still updated for the 2024 tax rules?
I got stuck on the SQL joins part, any tips?
The negotiation role plays were surprisingly useful.
Would recommend to anyone starting out in photography.
Refund request: I bought the same course twice by mistake.
The pronunciation drills helped my Spanish a lot.
Good course overall, some slides are outdated though.
Can you share the reading list mentioned in week 2?
I passed my exam today thanks to this prep course!
The community challenges keep me motivated every week.
Why does my code give a different result than the video?
Please add a dark mode to the course player.
The chess openings module is really well organized.
I think lesson 3 and lesson 4 are in the wrong order.
Super helpful, especially the cheat sheet at the end.
My internet is slow, can the videos be downloaded?
Thanks teacher, I finally understand compound interest.
The examples are a bit US focused, would like more global ones.
This was my first online course and it was a great experience.
I shared this with my study group, everyone liked it.
Loving the new live Q&A sessions, please keep them.
Is there a certificate of completion?
Could you slow down the part about derivatives?
The yoga flows are gentle enough for my bad knee.
I learned how to fix my bike brakes myself, amazing.
Small suggestion: number the exercises so we can refer to them.
Wow, the free preview convinced me to buy the full course.
I left a tip for the author, this deserved more than the price.
The final project was hard but worth it.
Does anyone want to form a study group for the marketing course?
Really clear explanation of how the stock market works.
I would pay for a second part of this course.
The instructor replied to my email within a day, impressive.
I can finally read music sheets, thank you so much!
It is a decent introduction but too basic for me.
Which course should I take next after this one?
The tutorial on spreadsheets saved me hours at work.
Hello everyone, happy to join this community!
The course was free last month, why is it paid now?
I keep getting a 404 when I open the bonus materials.
Excellent course, clear examples, good pace, no fluff.
This lesson on public speaking gave me confidence for my presentation.
I am from Brazil and the English is easy to follow.
Thank you for the kind words in the forum, it means a lot.
`;

export const ENGLISH_SPAM = `
FREE MONEY!!! Click here to claim your $500 gift card now
Earn $3000 a week from home, DM me for details
Buy cheap followers and likes, fast delivery, visit my profile
Hot singles in your area want to meet you tonight, click the link
Get the full course for free at my website, no need to pay here
Make money fast with crypto, 1000% guaranteed returns, message me on telegram
Cheap v1agra and c1al1s, no prescription needed
WIN AN IPHONE 15 NOW!!! Just enter your card details
Contact me on WhatsApp +1 555 0199 for cheap course accounts
I made $12,000 last month with this simple trick, link in bio
f r e e  c r y p t o giveaway, send 0.1 BTC and get 1 BTC back
Limited offer!!! 90% off all courses at my shop, use code SALE90
Work from home opportunity, no experience needed, earn daily
Follow my channel for free premium courses, link below
Get rich quick, join my investment group today
fr33 m0ney for everyone who clicks my link
Click this link to double your bitcoin in 24 hours
Selling cracked software and course accounts, cheap, dm
Visit www dot cheapcourses dot biz for pirated copies
Congratulations! You have been selected for a cash prize, reply with your bank details
Looking for partners, easy income, just need your ID card
100% legit loan approval, no credit check, apply now
Best casino bonus, deposit 10 get 100, sign up today
Ｆｒｅｅ ｇｉｆｔ ｃａｒｄｓ, ｃｌｉｃｋ ｎｏｗ
Want more sales? Buy my email list of 1 million leads
Lose 20 pounds in 7 days with this miracle pill
C.L.I.C.K  H.E.R.E for free robux
Earn passive income with my forex signals, 95% win rate
DM me to buy exam answers for any certification
Promote your business here, cheap ads, contact me
Your account will be suspended, verify now at this link
Join my pyramid, invite 3 friends and earn forever
cheap replica watches and bags, worldwide shipping
Need followers? 10k followers for 5 dollars
Check out my profile for exclusive free stuff!!!!!!
I sell discounted accounts for all learning platforms, telegram me
Claim your reward today, only 3 spots left
Earn money by watching videos, payment every day
Guaranteed first page on google, message for prices
free c@sh app money, just send me your tag
Get paid $50 per survey, sign up at my link
Unlock all premium courses with this hack, download here
Investment opportunity, double your savings in one month
Text me for a special discount code that works on every course
Make $$$ online, no skills required, start today
`;

export const ENGLISH_ABUSE = `
You are an idiot and this course is garbage
Shut up, nobody cares about your stupid opinion
The instructor is a complete moron
Go kill yourself
I hope you lose everything, you worthless loser
You are too dumb to understand anything, just quit
What a pathetic excuse for a teacher
Everyone in this forum is a brainless clown
Stop posting, you are an embarrassment, you filthy pig
I will find where you live and make you regret this
You absolute 1d10t, learn to read
Get lost, loser, nobody wants you here
This teacher is a fraud and a liar, scumbag
You are so ugly it hurts to watch your videos
shut the f*** up
F u c k  y o u and your course
Die in a fire
Your accent is disgusting, go back to where you came from
Only a retard would pay for this
You people are trash
Kill yourself, seriously, the world would be better
You are a stupid cow
I hope someone beats you up
Nobody asked, clown
Moron, can't you read the instructions
What a dumb b*tch
You should be ashamed, you are a disgrace to teachers
I am going to ruin your life, watch me
Stupid stupid stupid person
Go to hell, you piece of garbage
You are a pathetic worm
Loser instructor with a loser course
Your mother should have taught you manners, idiot
Keep crying, snowflake, nobody cares
I will hurt you if you delete my comment again
You are brain dead
I swear you are the dumbest person on this site
sh*t teacher, sh*t course, sh*t person
You make me sick, freak
Worthless, useless, clueless, just like you
`;
