// Wording of the knowledge replies in en and zh-CN.
import type { TemplatesFor } from '../../wording/templates';
import type { KnowledgeReplyParams } from './replies';

export const KNOWLEDGE_TEMPLATES: TemplatesFor<KnowledgeReplyParams> = {
  knowledge_unknown: {
    en: () =>
      "I'm sorry, I don't know the answer to that yet. I've passed your question on so we can add it. Would you like me to connect you with a colleague? Just say \"human\".",
    'zh-CN': () =>
      '抱歉，这个问题我暂时还不知道答案，已记录下来以便补充。需要为您转接人工客服吗？回复“转人工”即可。',
  },
  knowledge_other_language: {
    en: (p) =>
      p.articleLocale === 'zh-CN'
        ? 'I only have this information in Chinese; here is the relevant part:'
        : 'I only have this information in English; here is the relevant part:',
    'zh-CN': (p) =>
      p.articleLocale === 'en'
        ? '这部分资料目前只有英文版，相关内容如下：'
        : '这部分资料目前只有中文版，相关内容如下：',
  },
};
