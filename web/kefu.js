// Shared by /console and /chat: the words in zh and en with a language switch, GraphQL over fetch, subscriptions over SSE.
'use strict';

const KEFU_WORDS = {
  en: {
    language: 'Language',
    send: 'Send',
    sending: 'Sending…',
    close: 'Close',
    you: 'You',
    bot: 'Kefu assistant',
    human: 'Support team',
    system: 'System',
    networkError: 'Kefu could not be reached. Check the connection and try again.',
    // chat
    chatTitle: 'Customer service',
    chatIntro:
      'Ask about an order, a return, a product or anything else. A person from our team can join at any time.',
    startChat: 'Start a conversation',
    yourMessage: 'Your message',
    messagePlaceholder: 'Type your message and press Enter',
    withBot: 'You are chatting with the Kefu assistant.',
    waitingHuman: 'A colleague from our support team will join shortly.',
    withHuman: 'A person from our support team is with you.',
    chatClosed: 'This conversation is closed.',
    newChat: 'Start a new conversation',
    transcript: 'Conversation',
    // console
    consoleTitle: 'Kefu agent console',
    apiKey: 'API key',
    apiKeyHint: 'Kept in this tab only (sessionStorage) until you log out or close the tab.',
    logIn: 'Log in',
    logOut: 'Log out',
    badKey: 'This key was not accepted.',
    notDeskRole: 'This key belongs to role {role}: the console needs an agent or supervisor key.',
    signedInAs: 'Signed in as {name} ({role})',
    queue: 'Waiting for a human',
    queueEmpty: 'Nobody is waiting.',
    mine: 'With humans',
    mineEmpty: 'No case with a human.',
    live: 'live',
    offline: 'reconnecting…',
    pickCase: 'Pick a case from the queue.',
    caseTitle: 'Case {id}',
    status: 'Status',
    assignee: 'Assignee',
    nobody: 'nobody',
    priority: 'Priority',
    waiting: 'waiting {minutes} min',
    slaBreached: 'Pickup deadline missed: supervisors were told.',
    callbackRequested: 'The customer asked to be called back.',
    summary: 'Desk summary',
    reason: 'Why it came to a human',
    suggested: 'Suggested reply',
    useSuggestion: 'Use suggestion',
    noSuggestion: 'No suggestion for this case.',
    actions: 'Actions',
    takeOver: 'Take over',
    replyToCustomer: 'Reply to the customer',
    replyHint: 'Ctrl+Enter sends.',
    internalNote: 'Internal note (never shown to the customer)',
    addNote: 'Add note',
    noteAdded: 'Note added.',
    handBackNote: 'Note for the hand-back',
    handBack: 'Hand back to the bot',
    transferTo: 'Transfer to',
    transfer: 'Transfer',
    resolution: 'Resolution',
    closeCase: 'Close case',
    customer: 'Customer',
    verified: 'verified',
    notVerified: 'not verified',
  },
  zh: {
    language: '语言',
    send: '发送',
    sending: '发送中…',
    close: '关闭',
    you: '我',
    bot: '智能客服',
    human: '人工客服',
    system: '系统',
    networkError: '无法连接客服系统，请检查网络后重试。',
    chatTitle: '在线客服',
    chatIntro: '订单、退换货、产品或其他问题都可以问我们。人工客服随时可以接入。',
    startChat: '开始咨询',
    yourMessage: '您的消息',
    messagePlaceholder: '输入消息，按回车发送',
    withBot: '您正在与智能客服对话。',
    waitingHuman: '人工客服即将接入，请稍候。',
    withHuman: '人工客服已接入，正在为您服务。',
    chatClosed: '本次会话已结束。',
    newChat: '开始新的咨询',
    transcript: '对话记录',
    consoleTitle: '客服工作台',
    apiKey: 'API 密钥',
    apiKeyHint: '仅保存在当前标签页（sessionStorage），退出或关闭标签页即清除。',
    logIn: '登录',
    logOut: '退出',
    badKey: '密钥无效。',
    notDeskRole: '此密钥的角色是 {role}：工作台需要客服（agent）或主管（supervisor）密钥。',
    signedInAs: '当前用户：{name}（{role}）',
    queue: '等待人工',
    queueEmpty: '暂无等待的会话。',
    mine: '人工处理中',
    mineEmpty: '暂无人工处理中的会话。',
    live: '实时',
    offline: '正在重连…',
    pickCase: '请从队列中选择一个会话。',
    caseTitle: '会话 {id}',
    status: '状态',
    assignee: '处理人',
    nobody: '无',
    priority: '优先级',
    waiting: '已等待 {minutes} 分钟',
    slaBreached: '已超过接入时限，已通知主管。',
    callbackRequested: '客户要求回电。',
    summary: '交接摘要',
    reason: '转人工原因',
    suggested: '建议回复',
    useSuggestion: '使用建议回复',
    noSuggestion: '暂无建议回复。',
    actions: '操作',
    takeOver: '接管',
    replyToCustomer: '回复客户',
    replyHint: 'Ctrl+Enter 发送。',
    internalNote: '内部备注（客户不可见）',
    addNote: '添加备注',
    noteAdded: '备注已添加。',
    handBackNote: '交还说明',
    handBack: '交还机器人',
    transferTo: '转给',
    transfer: '转接',
    resolution: '处理结果',
    closeCase: '结束会话',
    customer: '客户',
    verified: '已验证',
    notVerified: '未验证',
  },
};

const KEFU_STATUS = {
  en: {
    OPEN: 'with the bot',
    WAITING_CUSTOMER: 'waiting for the customer',
    ESCALATED: 'waiting for a human',
    WITH_HUMAN: 'with a human',
    WAITING_EVENT: 'waiting for an event',
    RESOLVED: 'resolved',
    CLOSED: 'closed',
  },
  zh: {
    OPEN: '机器人处理中',
    WAITING_CUSTOMER: '等待客户回复',
    ESCALATED: '等待人工',
    WITH_HUMAN: '人工处理中',
    WAITING_EVENT: '等待外部事件',
    RESOLVED: '已解决',
    CLOSED: '已结束',
  },
};

const KEFU_REASONS = {
  en: {
    customer_request: 'asked for a human',
    angry_customer: 'very angry customer',
    negative_streak: 'upset several times in a row',
    repeated_failure: 'the bot did not understand',
    identity_failed: 'identity check failed',
    delivery_problem: 'delivery problem',
    high_risk: 'high-risk request',
    safety_hazard: 'safety hazard',
    policy_exception: 'outside the policy',
    payment_failure: 'refund or payment failed',
  },
  zh: {
    customer_request: '客户要求人工',
    angry_customer: '客户非常愤怒',
    negative_streak: '客户连续表达不满',
    repeated_failure: '机器人未能理解',
    identity_failed: '身份验证失败',
    delivery_problem: '配送异常',
    high_risk: '高风险请求',
    safety_hazard: '安全隐患',
    policy_exception: '超出政策范围',
    payment_failure: '退款或支付失败',
  },
};

window.Kefu = {
  lang: 'en',
  listeners: [],

  /** The language kept from last time, else the browser's. */
  initLanguage() {
    const kept = localStorage.getItem('kefu-lang');
    const browser = (navigator.language || 'en').toLowerCase().startsWith('zh') ? 'zh' : 'en';
    this.setLanguage(kept === 'zh' || kept === 'en' ? kept : browser);
    const select = document.getElementById('lang');
    if (select) {
      select.value = this.lang;
      select.addEventListener('change', () => this.setLanguage(select.value));
    }
  },

  setLanguage(lang) {
    this.lang = lang;
    localStorage.setItem('kefu-lang', lang);
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = this.t(el.dataset.i18n);
    for (const el of document.querySelectorAll('[data-i18n-placeholder]'))
      el.placeholder = this.t(el.dataset.i18nPlaceholder);
    const title = document.querySelector('[data-i18n-title]');
    if (title) document.title = this.t(title.dataset.i18nTitle);
    for (const listener of this.listeners) listener(lang);
  },

  /** The case's locale for the API: zh-CN or en. */
  locale() {
    return this.lang === 'zh' ? 'zh-CN' : 'en';
  },

  onLanguage(listener) {
    this.listeners.push(listener);
  },

  t(key, params = {}) {
    const words = KEFU_WORDS[this.lang][key] ?? KEFU_WORDS.en[key] ?? key;
    return words.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? ''));
  },

  statusName(status) {
    return KEFU_STATUS[this.lang][status] ?? status;
  },

  reasonName(reason) {
    return (reason && KEFU_REASONS[this.lang][reason]) ?? reason ?? '';
  },

  /** Creates an element with text (never HTML) and attributes. */
  el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (value === false || value == null) continue;
      if (name === 'class') node.className = value;
      else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? '' : value);
    }
    for (const child of children.flat()) {
      if (child == null || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  },

  /** One GraphQL call; throws an Error with the server's message (and its code) when it refuses. */
  async gql(query, variables = {}, bearer) {
    let response;
    try {
      response = await fetch('/graphql', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
    } catch {
      throw new Error(this.t('networkError'));
    }
    const body = await response.json().catch(() => ({}));
    if (body.errors && body.errors.length > 0) {
      const error = new Error(body.errors.map((e) => e.message).join('; '));
      error.code = body.errors[0].extensions?.code;
      throw error;
    }
    return body.data;
  },

  /**
   * A subscription over Server-Sent Events (fetch, so the credential goes in a header). Reconnects after a dropped
   * connection; onState tells whether it is live. Returns a function that stops it.
   */
  subscribe(query, variables, bearer, { onResult, onState = () => {}, onEnd = () => {} }) {
    const abort = new AbortController();
    const run = async () => {
      let delay = 500;
      while (!abort.signal.aborted) {
        try {
          const response = await fetch('/graphql', {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              accept: 'text/event-stream',
              ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
            },
            body: JSON.stringify({ query, variables }),
            signal: abort.signal,
          });
          if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
          onState(true);
          delay = 500;
          const reader = response.body.getReader();
          const decoder = new TextDecoder();
          let buffered = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffered += decoder.decode(value, { stream: true });
            let end;
            while ((end = buffered.indexOf('\n\n')) >= 0) {
              const block = buffered.slice(0, end);
              buffered = buffered.slice(end + 2);
              const event = /^event: ?(.*)$/m.exec(block)?.[1];
              const data = [...block.matchAll(/^data: ?(.*)$/gm)].map((m) => m[1]).join('\n');
              if (event === 'complete') {
                onState(false);
                onEnd();
                return;
              }
              if (!data) continue;
              const result = JSON.parse(data);
              // A refusal (a wrong key, a case that is not yours) ends the stream for good.
              if (result.errors && !result.data) {
                onState(false);
                onEnd(new Error(result.errors.map((e) => e.message).join('; ')));
                return;
              }
              onResult(result.data);
            }
          }
        } catch {
          if (abort.signal.aborted) return;
        }
        onState(false);
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, 10_000);
      }
    };
    void run();
    return () => abort.abort();
  },

  /** Ctrl+Enter (or ⌘+Enter) in a textarea submits its form. */
  submitOnCtrlEnter(textarea) {
    textarea.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        textarea.form?.requestSubmit();
      }
    });
  },

  /** A time as the reader's clock shows it. */
  time(iso) {
    return new Date(iso).toLocaleTimeString(this.locale(), { hour: '2-digit', minute: '2-digit' });
  },

  newId() {
    return crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(16).slice(2)}`;
  },
};
