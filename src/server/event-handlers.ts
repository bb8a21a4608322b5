/**
 * The composition root's list of domain event handlers: importing a
 * domain's `*.handlers.ts` registers its reactions (src/kernel/domain-events.ts).
 * Nothing below the composition root imports this file.
 */
import '../audit/audit.handlers';
import '../learning/learning.handlers';
import '../partners/partners.handlers';
import '../ml/ml.handlers';
import '../moderation/moderation.handlers';
import '../commerce/commerce.handlers';
